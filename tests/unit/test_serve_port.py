"""The port checks of `bash .ci/serve` (.ci/port.sh), run as the script runs them, against real
listening sockets: a taken port is said in Chinese with how to choose another, and the service is
announced only once its port answers."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", f"source .ci/port.sh && {script}", "port-check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture
def listener():
    """A socket listening on a free port of 127.0.0.1, as another program would."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_a_taken_port_is_refused_in_chinese_with_how_to_choose_another(listener, host):
    result = _run('check_port "$1" "$2"', host, str(listener))

    assert result.returncode == 1
    assert f"端口 {listener} 已被占用" in result.stderr
    assert f"http://127.0.0.1:{listener}/" in result.stderr  # it may be the service itself
    assert "PORT=5001 bash .ci/serve" in result.stderr


def test_a_free_port_passes():
    port = _free_port()

    result = _run('check_port 127.0.0.1 "$1"', str(port))

    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("port", ["abc", "0", "70000", "5000x", ""])
def test_a_port_that_is_no_port_number_is_refused(port):
    result = _run('check_port 127.0.0.1 "$1"', port)

    assert result.returncode == 1
    assert "PORT 须是 1 到 65535 之间的数字" in result.stderr


def test_the_service_is_announced_only_once_its_port_answers():
    port = _free_port()
    server = socket.socket()
    opened: list[float] = []

    def listen_later() -> None:
        time.sleep(1)
        server.bind(("127.0.0.1", port))
        server.listen()
        opened.append(time.monotonic())

    later = threading.Thread(target=listen_later)
    later.start()
    with server, subprocess.Popen(["sleep", "30"]) as process:
        script = 'wait_until_answers 127.0.0.1 "$1" "$2" && echo 已启动'
        result = _run(script, str(port), str(process.pid))
        answered = time.monotonic()
        process.kill()
        later.join()

    assert (result.returncode, result.stdout) == (0, "已启动\n")
    assert opened and answered >= opened[0]


def test_waiting_ends_when_the_server_stops_before_answering():
    port = _free_port()
    stopped = subprocess.Popen(["true"])
    stopped.wait()

    script = 'wait_until_answers 127.0.0.1 "$1" "$2" || echo 没有启动'
    result = _run(script, str(port), str(stopped.pid))

    assert result.stdout == "没有启动\n"
