# Sourced by the scripts: finds the project root and makes sure .venv exists with every pinned package.
# A stamp file holds the hash of the lock file and pyproject.toml, so a changed pin reinstalls.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

ensure_venv() {
    local want have=""
    want="$(cat "$ROOT/requirements.lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    [ -f "$VENV/.stamp" ] && have="$(cat "$VENV/.stamp")"
    if [ -x "$PY" ] && [ "$want" = "$have" ]; then
        return 0
    fi
    echo "setting up $VENV (pinned packages from requirements.lock)" >&2
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3" >&2
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.lock" >&2
    # setuptools' default (lenient) editable mode: the console script, and an import hook for both package
    # roots. mypy does not follow import hooks, so the two roots also go on sys.path through a .pth file.
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT" >&2
    local site
    site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    printf '%s\n%s\n' "$ROOT" "$ROOT/generated" > "$site/run_steps_client_generated.pth"
    echo "$want" > "$VENV/.stamp"
}
