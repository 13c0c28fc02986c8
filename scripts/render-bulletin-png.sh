#!/usr/bin/env bash
# Render a bulletin .docx to PDF and one PNG per page, so that a person can look at the layout.
#
# usage: scripts/render-bulletin-png.sh FILE.docx [OUTDIR]      (OUTDIR defaults to FILE's folder)
#
# Writes OUTDIR/NAME.pdf and OUTDIR/NAME-1.png, NAME-2.png, … (pdftoppm -png -r 80).
# Needs LibreOffice and poppler-utils; on Debian/Ubuntu:
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils \
#                      fonts-noto-cjk fonts-arphic-ukai
# The official faces (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体) are not free; a throw-away
# fontconfig file maps them to free look-alikes, so each text still shows in the kind of face it
# is meant to have (line breaks are indicative: the metrics differ from the real fonts).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "用法: $0 FILE.docx [OUTDIR]" >&2
  exit 2
fi
src=$1
[ -f "$src" ] || { echo "找不到文件: $src" >&2; exit 2; }
out=${2:-$(dirname "$src")}

soffice_bin=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice_bin" ]; then
  echo "未安装 LibreOffice:请执行 apt-get install -y --no-install-recommends libreoffice-writer-nogui" >&2
  exit 3
fi
if ! command -v pdftoppm >/dev/null; then
  echo "未安装 pdftoppm:请执行 apt-get install -y poppler-utils" >&2
  exit 3
fi
if ! fc-list : family 2>/dev/null | grep -i 'CJK' >/dev/null; then
  echo "提示:未找到中文字体,页面上的汉字可能显示为方框;请执行 apt-get install -y fonts-noto-cjk fonts-arphic-ukai" >&2
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
name=$(basename "${src%.*}")
work=$(mktemp -d)                       # private LibreOffice profile: no lock clashes
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/xdg/fontconfig"
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  for pair in "仿宋_GB2312:Noto Serif CJK SC" "仿宋:Noto Serif CJK SC" "楷体_GB2312:AR PL UKai CN" \
              "楷体:AR PL UKai CN" "黑体:Noto Sans CJK SC" "方正小标宋简体:Noto Serif CJK SC" \
              "宋体:Noto Serif CJK SC"; do
    echo "<alias binding=\"same\"><family>${pair%%:*}</family><prefer><family>${pair#*:}</family></prefer></alias>"
  done
  # 小标宋 is a heavy face: draw its stand-in bold
  echo '<match target="pattern"><test name="family"><string>方正小标宋简体</string></test>'
  echo '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
  echo '</fontconfig>'
} > "$work/xdg/fontconfig/fonts.conf"

XDG_CONFIG_HOME="$work/xdg" HOME="$work" timeout 300 "$soffice_bin" \
  -env:UserInstallation="file://$work/profile" --headless --norestore \
  --convert-to pdf --outdir "$out" "$src" >/dev/null 2>&1 || true
if [ ! -s "$out/$name.pdf" ]; then
  echo "LibreOffice 未能把 $src 转换为 PDF(文件损坏,或 LibreOffice 安装不完整)" >&2
  exit 1
fi
rm -f "$out/$name"-*.png
pdftoppm -png -r 80 "$out/$name.pdf" "$out/$name"
ls "$out/$name.pdf" "$out/$name"-*.png
