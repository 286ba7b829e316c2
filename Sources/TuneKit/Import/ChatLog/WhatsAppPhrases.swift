/// The localised words of WhatsApp exports, as data: clock markers, system notices and the edit marker.
///
/// Each table lists spellings seen in exports (English, Chinese, Spanish, Portuguese, French, German, Italian,
/// Russian, Indonesian, Japanese, Arabic, Finnish, Czech). Matching is on UTF-8 bytes; ASCII letters match in
/// either case, and a space in a spelling matches a space, a no-break space or a narrow no-break space.
enum WhatsAppPhrases {
    /// A 12-hour clock marker and whether it means the afternoon.
    struct ClockMarker {
        let bytes: [UInt8]
        let pm: Bool
        /// Undotted ASCII `AM`/`PM`, the US English spelling (a hint of month-first dates).
        let english: Bool

        init(_ text: String, pm: Bool, english: Bool = false) {
            bytes = Array(text.utf8)
            self.pm = pm
            self.english = english
        }
    }

    /// AM/PM markers, longest spelling first within each family so that `a. m.` wins over `a`.
    static let clockMarkers: [ClockMarker] = [
        ClockMarker("a. m.", pm: false), ClockMarker("p. m.", pm: true),
        ClockMarker("a.m.", pm: false), ClockMarker("p.m.", pm: true),
        ClockMarker("a. m", pm: false), ClockMarker("p. m", pm: true),
        ClockMarker("a.m", pm: false), ClockMarker("p.m", pm: true),
        ClockMarker("am", pm: false, english: true), ClockMarker("pm", pm: true, english: true),
        ClockMarker("上午", pm: false), ClockMarker("下午", pm: true),
        ClockMarker("午前", pm: false), ClockMarker("午後", pm: true),
        ClockMarker("ص", pm: false), ClockMarker("م", pm: true),
    ]

    /// The end-to-end encryption notices that open a chat (a prefix of the message text). iOS writes them
    /// with the chat's name as their sender, so they must be known by their words. The spellings follow the
    /// list of WhatsApp's own strings (`settings_security_info`, `_i3PG`) collected by the Dart package
    /// starkdmi/whats_json (`WhatsAppPatterns.encrypted`).
    static let encryptionNotices: [[UInt8]] = [
        "Messages and calls are end-to-end encrypted", "Messages to this group are now secured with end-to-end encryption",
        "Messages you send to this group are now secured with end-to-end encryption",
        "Messages to this chat and calls are now secured with end-to-end encryption",
        "消息和通话都进行端到端加密", "消息和通话已进行端到端加密", "訊息和通話經端對端加密", "訊息已受端對端加密保護",
        "Los mensajes y las llamadas están cifrados de extremo a extremo",
        "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
        "As mensagens e chamadas são encriptadas ponto a ponto",
        "Les messages et les appels sont chiffrés de bout en bout",
        "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
        "I messaggi e le chiamate sono crittografati end-to-end",
        "Сообщения и звонки защищены сквозным шифрованием",
        "Pesan dan panggilan terenkripsi secara end-to-end",
        "メッセージと通話はエンドツーエンド暗号化されています", "メッセージと通話はエンドツーエンドで暗号化されています",
        "الرسائل والمكالمات مشفرة تمامًا بين الطرفين",
        "Viestit ja puhelut salataan täysin",
        "Zprávy a hovory jsou opatřeny koncovým šifrováním",
        "Správy a hovory sú zabezpečené šifrovaním počas celého spojenia",
        "메시지 및 전화는 종단간 암호화되어 안전합니다", "Mesajlar ve aramalar uçtan uca şifrelidir",
        "Berichten en gesprekken worden end-to-end versleuteld", "Wiadomości i połączenia są w pełni zaszyfrowane",
        "Tin nhắn và cuộc gọi được mã hóa đầu cuối",
        "Повідомлення й дзвінки захищено наскрізним шифруванням", "मैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं",
        "ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง",
    ].map { Array($0.utf8) }

    /// Words of group events ("X added Y", "X changed the subject", "X left" …). iOS writes these with the
    /// group's name as the sender and a U+200E mark before the text; a message text so marked that contains
    /// one of these is a system line. (Android writes them without a sender, which already makes them system lines.)
    static let groupEvents: [[UInt8]] = [
        // English
        " added ", " created group ", " changed the subject ", " changed this group's icon", " changed the group description",
        " left", " removed ", " joined using this group's invite link", "security code", " changed their phone number",
        // Security codes (iOS: "Your security code with Elon changed.") in the other locales
        "Sicherheitsnummer", "código de seguridad", "code de sécurité", "codice di sicurezza", "código de segurança",
        "Kode keamanan", "安全码", "安全代碼", "رمز الأمان",
        // Spanish
        " añadió a ", " creó el grupo ", " cambió el asunto ", " cambió el ícono ", " salió del grupo", " eliminó a ", " salió",
        // Portuguese
        " adicionou ", " criou o grupo ", " mudou o assunto ", " mudou a imagem ", " removeu ", " saiu",
        // French
        " a ajouté ", " a créé le groupe ", " a modifié le sujet ", " a changé le sujet ", " a retiré ", " est parti",
        // German
        " hinzugefügt", " hat die Gruppe ", " hat den Betreff ", " hat das Gruppenbild ", " entfernt", " verlassen",
        // Italian
        " ha aggiunto ", " ha creato il gruppo ", " ha cambiato l'oggetto ", " ha modificato l'oggetto ", " ha rimosso ", " è uscito",
        // Russian, Ukrainian
        " добавил(а) ", " создал(а) ", " изменил(а) ", " удалил(а) ", " вышел(а)", "код безопасности", "Код безпеки",
        // Indonesian
        " menambahkan ", " membuat grup ", " mengubah subjek ", " mengeluarkan ", " keluar",
        // Japanese
        "を追加しました", "がグループ", "を作成しました", "件名を", "を変更しました", "が退出しました", "セキュリティコード",
        // Chinese
        "添加了", "创建了群", "更改了群", "修改了群", "更改了此群组", "退出了", "已退出", "移除了",
        // Arabic, Finnish, Czech
        " أضاف ", " أنشأ ", " غادر", " lisäsi ", " loi ryhmän ", " poistui", " přidal", " vytvořil", " opustil",
    ].map { Array($0.utf8) }

    /// Words inside the `<…>` edit marker WhatsApp appends to an edited message (`<This message was edited>`,
    /// `<Se editó este mensaje.>`, `<Diese Nachricht wurde bearbeitet.>` …).
    static let editedMarkerWords: [[UInt8]] = [
        "edited", "已编辑", "编辑", "editó", "editado", "editada", "modifié", "bearbeitet", "modificato",
        "изменено", "отредактировано", "diedit", "編集", "muokattu", "upraven", "عدّل", "تعديل",
    ].map { Array($0.utf8) }
}
