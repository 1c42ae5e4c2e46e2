#!/usr/bin/env bash
# Installs the Debian packages Handover needs to build, test and demo, only when missing.
set -euo pipefail

packages=(
    rabbitmq-server postgresql librabbitmq-dev libpq-dev libmicrohttpd-dev
    libcurl4-openssl-dev libsodium-dev libgmime-3.0-dev python3-aiosmtpd pkg-config openssl
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
