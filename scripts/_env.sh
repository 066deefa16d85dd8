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
    # The project itself is not pip-installed: every editable mode of today's setuptools prints a warning block
    # on each setup. A .pth file puts both package roots on sys.path (which mypy follows too), and the console
    # script is written here.
    local site
    site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    rm -f "$site"/__editable__*run_steps_conformance* "$site"/run_steps_client_generated.pth
    printf '%s\n%s\n' "$ROOT" "$ROOT/generated" > "$site/run_steps_conformance.pth"
    printf '#!%s\nimport sys\nfrom conformance.cli import main\nsys.exit(main())\n' "$PY" > "$VENV/bin/conformance"
    chmod +x "$VENV/bin/conformance"
    echo "$want" > "$VENV/.stamp"
}
