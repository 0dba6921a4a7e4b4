# shellcheck shell=bash
# Alertmanager: Debian's prometheus-alertmanager, run on loopback from a copy of
# deploy/alertmanager/alertmanager.yml in the state dir, with clustering (gossip) off and its data
# (silences, notification log) under the state dir. The package's own service is never used.

alertmanager_dir() { echo "$FLOE_STATE_DIR/alertmanager"; }
alertmanager_config() { echo "$(alertmanager_dir)/alertmanager.yml"; }
alertmanager_needle() { alertmanager_config; }
alertmanager_packages() { echo prometheus-alertmanager; }
alertmanager_logs() { echo "$FLOE_LOG_DIR/alertmanager.log"; }
alertmanager_stamp() { echo "port=$FLOE_ALERTMANAGER_PORT"; }
alertmanager_ports() { echo "$FLOE_ALERTMANAGER_PORT Alertmanager FLOE_ALERTMANAGER_PORT"; }
alertmanager_url() { echo "http://127.0.0.1:$FLOE_ALERTMANAGER_PORT"; }
alertmanager_address() { alertmanager_url; }
alertmanager_ready_timeout() { echo 30; }
alertmanager_stop_signal() { echo TERM; }
alertmanager_version() { /usr/bin/prometheus-alertmanager --version 2>&1 | awk 'NR == 1 { print $3 }'; }

# Right after the package is installed its postinst may have started and enabled the system service
# (ports 9093/9094 on every interface): that one is not ours and must not run.
alertmanager_after_install() {
  if command -v systemctl >/dev/null; then
    systemctl disable prometheus-alertmanager.service >/dev/null 2>&1 || true
    if [[ -d /run/systemd/system ]]; then
      systemctl stop prometheus-alertmanager.service >/dev/null 2>&1 || true
    fi
  fi
  if [[ -x /etc/init.d/prometheus-alertmanager ]] && command -v update-rc.d >/dev/null; then
    update-rc.d prometheus-alertmanager disable >/dev/null 2>&1 || true
  fi
  # The service runs as the package's own user "prometheus" (ours run as root, from a state dir's config).
  local pid
  for pid in $(pgrep -u prometheus -f '^/usr/bin/prometheus-alertmanager' || true); do
    floe_log "stopping the prometheus-alertmanager package's own service (pid $pid)"
    floe_stop_pid "$pid" 20 || true
  done
}

alertmanager_prepare() {
  [[ -x /usr/bin/prometheus-alertmanager ]] || floe_die "prometheus-alertmanager is not installed"
  mkdir -p "$(alertmanager_dir)/data"
  # The repository's configuration, copied at every start (the copy's path is how our process is found).
  cp "$FLOE_REPO_DIR/deploy/alertmanager/alertmanager.yml" "$(alertmanager_config).tmp"
  mv "$(alertmanager_config).tmp" "$(alertmanager_config)"
}

alertmanager_start() {
  local pid
  pid="$(cd "$(alertmanager_dir)" && floe_spawn "$FLOE_LOG_DIR/alertmanager.log" /usr/bin/prometheus-alertmanager \
    --config.file="$(alertmanager_config)" \
    --storage.path="$(alertmanager_dir)/data" \
    --web.listen-address="127.0.0.1:$FLOE_ALERTMANAGER_PORT" \
    --web.external-url="$(alertmanager_url)" \
    --cluster.listen-address=)"
  echo "$pid" >"$(floe_pidfile alertmanager)"
}

alertmanager_ready() {
  curl -fsS --max-time 2 "$(alertmanager_url)/-/ready" >/dev/null
}

alertmanager_after_ready() { :; }
