#!/usr/bin/env python3
"""Holds many Server-Sent Events clients open on the proxy's /api/events and checks that
every one of them receives one marked event (Python standard library only).

    sse_clients.py HOST PORT TOKEN CLIENTS READY_FILE MARKER [WAIT_SECONDS]

Opens CLIENTS connections, writes "connected N" to READY_FILE once all have answered 200
(so the caller can start the load), then waits until every client has seen MARKER in its
stream, or WAIT_SECONDS pass. Prints one JSON line: clients, connected, received, failed.
Exit status 0 only when every client connected and received the marker.
"""

import asyncio
import json
import sys

# Only the end of each stream is kept while looking for the marker.
TAIL_BYTES = 8192


async def client(host, port, token, marker, connected, received, failures, all_connected):
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError as e:
        failures.append(f"connect: {e}")
        return
    try:
        writer.write(
            f"GET /api/events?token={token} HTTP/1.1\r\nHost: {host}\r\n"
            f"Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0]
        if b" 200 " not in status + b" ":
            failures.append(f"status: {status.decode(errors='replace')}")
            return
        connected.append(1)
        if len(connected) >= all_connected.target:
            all_connected.set()
        seen = b""
        while marker not in seen:
            chunk = await reader.read(4096)
            if not chunk:
                failures.append("stream closed before the marker arrived")
                return
            seen = (seen + chunk)[-TAIL_BYTES:]
        received.append(1)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as e:
        failures.append(f"stream: {e!r}")
    finally:
        writer.close()


async def main():
    host, port, token, clients, ready_file, marker = sys.argv[1:7]
    wait_seconds = float(sys.argv[7]) if len(sys.argv) > 7 else 120.0
    clients = int(clients)
    connected, received, failures = [], [], []
    all_connected = asyncio.Event()
    all_connected.target = clients
    tasks = []
    for _ in range(clients):
        tasks.append(
            asyncio.create_task(
                client(host, int(port), token, marker.encode(), connected, received, failures, all_connected)
            )
        )
        # Connect in small waves so the listener's accept backlog never overflows.
        if len(tasks) % 100 == 0:
            await asyncio.sleep(0.05)
    try:
        await asyncio.wait_for(all_connected.wait(), timeout=60)
    except asyncio.TimeoutError:
        pass
    with open(ready_file, "w") as f:
        f.write(f"connected {len(connected)}\n")
    done, pending = await asyncio.wait(tasks, timeout=wait_seconds)
    for t in pending:
        t.cancel()
    print(
        json.dumps(
            {
                "clients": clients,
                "connected": len(connected),
                "received": len(received),
                "failed": len(failures),
                "first_failures": failures[:3],
            }
        )
    )
    return 0 if len(received) == clients else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
