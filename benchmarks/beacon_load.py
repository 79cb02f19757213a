"""A small load generator for the beacon benchmark: asyncio, raw HTTP/1.1 requests.

    python benchmarks/beacon_load.py PORT PATH SECONDS CONCURRENCY [METHOD]

Prints one JSON line: {"sent": n, "ok": n, "errors": n, "seconds": s, "cpu_seconds": s}.
Run as its own process so it does not share the interpreter lock with anything else;
`cpu_seconds` is its own processor time, which the benchmark reports because the load
generator runs on the same cores as the server.

Each of the CONCURRENCY connections is kept open and sends its requests one after
the other, as a browser (and nginx with upstream keep-alive, see deploy/nginx) does;
a connection the server closes is opened again.
"""

import asyncio
import json
import sys
import time

BODY = json.dumps({"k": "view", "p": "/articles/benchmark/", "r": "https://example.org/"}).encode()
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


def request_bytes(path: str, method: str, number: int) -> bytes:
    # A different address per request (X-Forwarded-For as our one trusted proxy would
    # set it) so the readers sketch sees many readers, as in real traffic.
    address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {USER_AGENT}\r\n"
        f"X-Forwarded-For: {address}\r\nContent-Type: text/plain\r\n"
    )
    if method == "POST":
        return f"{head}Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY
    return f"{head}\r\n".encode()


async def _response(reader: asyncio.StreamReader) -> tuple[bytes, bool]:
    """The status code and whether the server keeps the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.lower().split(b"\r\n")
    status = lines[0].split(b" ")[1]
    length = 0
    keep_alive = True
    for line in lines[1:]:
        if line.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
        elif line.startswith(b"connection:") and b"close" in line:
            keep_alive = False
    if length:
        await reader.readexactly(length)
    return status, keep_alive


async def worker(port, path, method, deadline, counts, offset):
    number = offset
    connection = None
    while time.monotonic() < deadline:
        number += 1000
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            reader, writer = connection
            writer.write(request_bytes(path, method, number))
            status, keep_alive = await _response(reader)
        except (OSError, asyncio.IncompleteReadError):
            counts["errors"] += 1
            connection = None
            continue
        counts["sent"] += 1
        if status in (b"204", b"200"):
            counts["ok"] += 1
        if not keep_alive:
            writer.close()
            connection = None
    if connection is not None:
        connection[1].close()


async def main(port: int, path: str, seconds: float, concurrency: int, method: str) -> None:
    counts = {"sent": 0, "ok": 0, "errors": 0}
    cpu_before = time.process_time()
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(worker(port, path, method, deadline, counts, n) for n in range(concurrency))
    )
    elapsed = time.monotonic() - started
    print(
        json.dumps({**counts, "seconds": elapsed, "cpu_seconds": time.process_time() - cpu_before})
    )


if __name__ == "__main__":
    port, path, seconds, concurrency = sys.argv[1:5]
    method = sys.argv[5] if len(sys.argv) > 5 else "POST"
    asyncio.run(main(int(port), path, float(seconds), int(concurrency), method))
