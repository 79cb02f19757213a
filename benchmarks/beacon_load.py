"""A small load generator for the beacon benchmark: asyncio, raw HTTP/1.0 POSTs.

    python benchmarks/beacon_load.py PORT PATH SECONDS CONCURRENCY [METHOD]

Prints one JSON line: {"sent": n, "ok": n, "seconds": s}. Run as its own process so
it does not share the interpreter lock with anything else. Each request is a new
connection (gunicorn's sync workers close after every response).
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
        f"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: {USER_AGENT}\r\n"
        f"X-Forwarded-For: {address}\r\nContent-Type: text/plain\r\n"
    )
    if method == "POST":
        return f"{head}Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY
    return f"{head}\r\n".encode()


async def worker(port, path, method, deadline, counts, offset):
    number = offset
    while time.monotonic() < deadline:
        number += 1000
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request_bytes(path, method, number))
            await writer.drain()
            status = await reader.readline()
            await reader.read()
            writer.close()
        except OSError:
            counts["errors"] += 1
            continue
        counts["sent"] += 1
        if status.split(b" ")[1:2] in ([b"204"], [b"200"]):
            counts["ok"] += 1


async def main(port: int, path: str, seconds: float, concurrency: int, method: str) -> None:
    counts = {"sent": 0, "ok": 0, "errors": 0}
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(worker(port, path, method, deadline, counts, n) for n in range(concurrency))
    )
    print(json.dumps({**counts, "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    port, path, seconds, concurrency = sys.argv[1:5]
    method = sys.argv[5] if len(sys.argv) > 5 else "POST"
    asyncio.run(main(int(port), path, float(seconds), int(concurrency), method))
