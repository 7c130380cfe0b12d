#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: chromium for the browser
# tests, CJK fonts so Chinese renders in screenshots and PDFs, poppler-utils and
# poppler-data to turn PDFs into images, gettext for the message catalogues.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
# The TrueType Song font the PDF notices embed (settings.GOVHALL_PDF_FONT).
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# pdftoppm draws ReportLab's built-in CJK font (STSong-Light) only with poppler-data.
[ -d /usr/share/poppler/cMap ] || need+=(poppler-data)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "missing Debian packages: ${need[*]} (install them as root)" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
echo "installing ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
