#!/usr/bin/env bash
# The WhatsApp reader against the transcript reader on the same messages, same run.
#
# Writes the same N messages (Chinese and English, one in eight with continuation lines, sessions split by
# silences of 40+ minutes) twice: as an Android WhatsApp export (`05/03/2024, 10:01 - 顾客17: …`) and as a
# transcript (`[2024-03-05 10:01:02] 顾客17: …`); builds the release binary once; runs `tunekit convert --from
# whatsapp` and `--from transcript` interleaved RUNS times each; prints each one's best time and MB/s of input,
# and the ratio WhatsApp/transcript. Both must write the same training lines (checked).
#
# Usage: Tests/Benchmarks/whatsapp-vs-transcript.sh [MESSAGES] [RUNS]     (default 1000000 messages, 5 runs)
#   BIN=path/to/tunekit skips the build.
set -euo pipefail
messages=${1:-1000000}
runs=${2:-5}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

python3 - "$messages" "$work" <<'EOF'
import datetime, random, sys
count, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
words = ("订单 物流 退款 发票 地址 优惠券 积分 会员 快递 售后 换货 尺码 颜色 库存 价格 发货 签收 "
         "invoice refund order shipping address coupon size colour stock price delivery today").split()
agents = ["客服小美", "客服阿杰", "Agent Lin"]
clock = datetime.datetime(2024, 3, 13, 8, 0)
with open(f"{work}/WhatsApp Chat.txt", "w", encoding="utf-8") as wa, open(f"{work}/transcript.txt", "w", encoding="utf-8") as tr:
    written = 0
    while written < count:
        user = f"顾客{rng.randint(1, 99999)}"
        agent = rng.choice(agents)
        for turn in range(rng.randint(1, 4)):
            for who in (user, agent):
                clock += datetime.timedelta(minutes=rng.randint(1, 3))
                lines = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 16)))]
                if rng.random() < 0.125:
                    lines += ["，".join(rng.choice(words) for _ in range(rng.randint(2, 8))) for _ in range(rng.randint(1, 3))]
                text = "\n".join(lines)
                wa.write(clock.strftime("%d/%m/%Y, %H:%M - ") + f"{who}: {text}\n")
                tr.write(clock.strftime("[%Y-%m-%d %H:%M:%S] ") + f"{who}: {text}\n")
                written += 1
        clock += datetime.timedelta(minutes=rng.randint(40, 600))
EOF

if [ -z "${BIN:-}" ]; then
  swift build -c release --product tunekit > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
  BIN=$(swift build -c release --show-bin-path)/tunekit
fi

declare -A file best
file[whatsapp]="$work/WhatsApp Chat.txt"
file[transcript]="$work/transcript.txt"
for i in $(seq "$runs"); do
  for kind in whatsapp transcript; do
    rm -rf "$work/out-$kind"
    start=$(date +%s.%N)
    "$BIN" convert "${file[$kind]}" --from "$kind" --dedup none --quiet -o "$work/out-$kind"
    end=$(date +%s.%N)
    t=$(awk "BEGIN{print $end - $start}")
    if [ -z "${best[$kind]:-}" ] || awk "BEGIN{exit !($t < ${best[$kind]})}"; then best[$kind]=$t; fi
  done
done
cmp -s <(cat "$work"/out-whatsapp/train*.jsonl) <(cat "$work"/out-transcript/train*.jsonl) \
  || { echo "the two readers wrote different train.jsonl files (KEEP=1 keeps $work)"; exit 1; }

for kind in whatsapp transcript; do
  bytes=$(stat -c %s "${file[$kind]}")
  mbs=$(awk "BEGIN{printf \"%.1f\", $bytes / 1e6 / ${best[$kind]}}")
  declare "mbs_$kind=$mbs"
  printf '%-10s %8.1f MB  best of %d: %6.2f s  %7s MB/s\n' "$kind" "$(awk "BEGIN{print $bytes / 1e6}")" "$runs" "${best[$kind]}" "$mbs"
done
echo "messages: $messages; training lines identical: $(cat "$work"/out-whatsapp/train*.jsonl | wc -l) lines"
awk "BEGIN{printf \"WhatsApp / transcript MB/s: %.2f×\n\", $mbs_whatsapp / $mbs_transcript}"
