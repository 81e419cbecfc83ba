# Shared by build-aux/run and build-aux/test: install what is missing, then configure and build.
# Sourced, not run.

# Debian bookworm packages: the build, the tests' helpers (Xvfb, zbar, qpdf, Java for the ZIP
# interoperability check, valgrind for the memory check of the CLI tests), bubblewrap for the
# PDF helper's sandbox, PostgreSQL (libpq, and the server the tests' second pass starts), a CJK font so Chinese text renders, and the locale data for the
# translated UI test run. build-aux/bench's: rsvg-convert (the label's reference) and XTest (its
# keys and clicks in the app).
CSL_PACKAGES=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsqlite3-dev libjson-glib-dev
  libpoppler-glib-dev libqrencode-dev libpng-dev libarchive-dev libssl-dev libcairo2-dev libpango1.0-dev
  xvfb xauth dbus fonts-cantarell fonts-wqy-microhei adwaita-icon-theme
  desktop-file-utils appstream python3 sqlite3 locales
  zbar-tools qpdf poppler-utils qrencode libarchive-tools unzip openssl openjdk-17-jdk-headless
  bubblewrap valgrind
  libsecret-1-dev libpq-dev
  libminizip-dev python3-asn1crypto libxml2-utils
  postgresql
  librsvg2-bin libxtst-dev
)

csl_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
csl_build="$csl_root/_build"

csl_install_packages () {
  local missing=() pkg sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  for pkg in "${CSL_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi

  # The UI tests run a second time in Simplified Chinese, where dates follow LC_TIME: that needs
  # the zh_CN.UTF-8 locale, which Debian does not generate by default.
  if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf8'; then
    echo "Generating the zh_CN.UTF-8 locale"
    "${sudo[@]}" localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
  fi
}

csl_build_tree () {
  local dir=${1:-$csl_build}
  shift || true
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$csl_root" "$@" >/dev/null
  else
    meson setup "$dir" "$csl_root" "$@"
  fi
  ninja -C "$dir"
}
