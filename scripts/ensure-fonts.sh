#!/usr/bin/env bash
# Makes sure a CJK font (for the dossier PDF) and pdftotext (for the test that reads the PDF back) are installed.
#   fonts-wqy-microhei  WenQuanYi Micro Hei (文泉驿微米黑), one TrueType collection with simplified Chinese glyphs
#   poppler-utils       pdftotext, used by test/unit/api/dossier-pdf.spec.ts to prove the Chinese text is in the PDF
# Debian packages through apt-get (CI runs as root on the same kind of machine). Idempotent: does nothing when both
# are present. DOSSIER_FONT (a font file) overrides the font search here and in the API.
# SKIP_FONT_INSTALL=1: only report what is missing (the PDF endpoint then answers 503 DOSSIER_FONT_MISSING).
set -euo pipefail

font_paths=(
  /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
  /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
  /usr/share/fonts/truetype/arphic/uming.ttc
)

have_font() {
  if [ -n "${DOSSIER_FONT:-}" ]; then
    [ -r "$DOSSIER_FONT" ] && return 0
    echo "ensure-fonts: DOSSIER_FONT=$DOSSIER_FONT is not a readable file" >&2
    exit 1
  fi
  local f
  for f in "${font_paths[@]}"; do
    [ -r "$f" ] && return 0
  done
  return 1
}

packages=()
have_font || packages+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)

if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
if [ "${SKIP_FONT_INSTALL:-}" = "1" ]; then
  echo "ensure-fonts: missing ${packages[*]} (SKIP_FONT_INSTALL=1, not installing)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-fonts: missing ${packages[*]} and apt-get is not available; install a CJK font and poppler-utils," >&2
  echo "ensure-fonts: or set DOSSIER_FONT to a .ttf/.ttc/.otf file with Chinese glyphs" >&2
  exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo -n)
  else
    echo "ensure-fonts: missing ${packages[*]}; run as root or install them: apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi

echo "ensure-fonts: installing ${packages[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

if ! have_font; then
  echo "ensure-fonts: ${packages[*]} installed but no CJK font found in ${font_paths[*]}" >&2
  exit 1
fi
