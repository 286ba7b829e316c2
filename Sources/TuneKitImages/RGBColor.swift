/// An opaque 8-bit sRGB colour: the background that transparency and padding are flattened onto.
public struct RGBColor: Sendable, Hashable {
    /// Red, 0…255.
    public var red: UInt8
    /// Green, 0…255.
    public var green: UInt8
    /// Blue, 0…255.
    public var blue: UInt8

    /// Creates a colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The default background.
    public static let white = RGBColor(red: 255, green: 255, blue: 255)
    /// Black.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)

    /// Parses `white`, `black`, `#RRGGBB`, `RRGGBB` or `#RGB`; nil when it is none of them.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        switch lower {
        case "white": self = .white; return
        case "black": self = .black; return
        case "gray", "grey": self = RGBColor(red: 128, green: 128, blue: 128); return
        default: break
        }
        var hex = Substring(lower)
        if hex.hasPrefix("#") { hex = hex.dropFirst() }
        if hex.count == 3 { hex = Substring(hex.flatMap { [$0, $0] }) }
        guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
        self.init(red: UInt8(value >> 16), green: UInt8((value >> 8) & 0xFF), blue: UInt8(value & 0xFF))
    }
}
