"""Loaded by every Python process started with this folder on PYTHONPATH: refuses and records any socket
connection to a non-loopback address, so a test can prove the product never reaches outside the machine."""
import ipaddress
import os
import socket

_LOG = os.environ.get("NETWORK_GUARD_LOG", "")
_connect = socket.socket.connect


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # a Unix socket path
        return True
    host = address[0]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _guarded(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        if _LOG:
            with open(_LOG, "a") as fh:
                fh.write(f"{os.getpid()} {address}\n")
        raise OSError(f"network guard: outbound connection to {address} refused")
    return _connect(self, address)


socket.socket.connect = _guarded
_connect_ex = socket.socket.connect_ex


def _guarded_ex(self, address):
    try:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            _guarded(self, address)
    except OSError:
        return 111  # ECONNREFUSED
    return _connect_ex(self, address)


socket.socket.connect_ex = _guarded_ex
