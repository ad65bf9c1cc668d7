# Where .ci/serve listens, and the two checks around starting it: is the port free, and has the
# server begun to answer. Sourced by .ci/serve; tests/unit/test_serve_port.py runs them as they are.

# The address to knock at, without brackets: a server on every address (0.0.0.0, ::) answers
# on this machine's own.
probe_host() {
  local host="${1#[}"
  host="${host%]}"
  case "$host" in
    0.0.0.0 | ::) echo 127.0.0.1 ;;
    *) echo "$host" ;;
  esac
}

# HOST as it is written in a link: IPv6 addresses in brackets.
url_host() {
  local host
  host="$(probe_host "$1")"
  case "$host" in
    *:*) echo "[$host]" ;;
    *) echo "$host" ;;
  esac
}

# HOST PORT: whether something accepts connections there now.
port_answers() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$(probe_host "$1")" "$2" 2>/dev/null
}

# HOST PORT: succeed when the service can listen there; otherwise say why in Chinese (on
# standard error) and how to choose another, and fail.
check_port() {
  local host="$1" port="$2"
  if ! [[ "$port" =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
    echo "端口“${port}”不对：PORT 须是 1 到 65535 之间的数字，例如 PORT=5001 bash .ci/serve" >&2
    return 1
  fi
  if port_answers "$host" "$port"; then
    cat >&2 <<MESSAGE
端口 ${port} 已被占用：$(url_host "$host"):${port} 上已有程序在运行，本服务没有启动。
  · 如果那是另一个窗口里已经启动的本服务，可以直接在浏览器打开 http://$(url_host "$host"):${port}/ ，
    或在那个窗口按 Ctrl+C 停止它后再启动；
  · 也可以换一个端口启动，例如：PORT=5001 bash .ci/serve
MESSAGE
    return 1
  fi
}

# HOST PORT PID: succeed once the port answers; fail if process PID ends before it does.
wait_until_answers() {
  while kill -0 "$3" 2>/dev/null; do
    if port_answers "$1" "$2"; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}
