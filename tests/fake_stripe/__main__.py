"""Run the fake as a process (``make run`` uses this when no Stripe key is set)::

    python -m tests.fake_stripe --port 12111 \\
        --webhook-url http://127.0.0.1:8000/stripe/webhook/ --webhook-secret whsec_... \\
        [--public-url http://localhost:12111] [--delivery immediate|manual|delayed]
"""

from __future__ import annotations

import argparse
import logging

from .server import DEFAULT_WEBHOOK_SECRET, FakeStripe


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fake_stripe", description="A local fake of the Stripe API."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=int, default=12111, help="port (0 picks a free one)")
    parser.add_argument(
        "--public-url",
        help="base URL browsers use to reach the hosted pages (default http://HOST:PORT)",
    )
    parser.add_argument("--webhook-url", help="the app's webhook endpoint")
    parser.add_argument("--webhook-secret", default=DEFAULT_WEBHOOK_SECRET)
    parser.add_argument(
        "--delivery",
        choices=("immediate", "manual", "delayed"),
        help="webhook delivery mode (default: immediate with --webhook-url, else manual)",
    )
    parser.add_argument(
        "--webhook-delay", type=float, default=2.0, help="seconds, for --delivery delayed"
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="fake-stripe %(levelname)s %(message)s",
    )
    delivery = args.delivery or ("immediate" if args.webhook_url else "manual")
    fake = FakeStripe(
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        delivery=delivery,
        webhook_delay=args.webhook_delay,
    )
    url = args.public_url or f"http://{args.host}:{args.port}"
    print(
        f"Fake Stripe on {url} (API at /v1, controls at {url}/_fake/); "
        f"webhooks: {args.webhook_url or 'none'} ({delivery})",
        flush=True,
    )
    try:
        fake.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
