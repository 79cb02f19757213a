"""Time the real Piper narration of a ~300-word article (not a test; run by hand).

    python -m tests.narration.benchmark_narration

from the project root. Prints import, voice-load, synthesis and encoding times and the
resulting audio's length and size.
"""

import resource
import time

ARTICLE_HTML = """
<p>The city council voted on Tuesday night to reopen the old river bridge to traffic, ending
nearly two years of detours that have frustrated commuters and cost local shops thousands of
pounds in lost trade.</p>
<p>The decision followed a four-hour meeting in which engineers presented the results of a
final round of load tests. According to the report, the repaired structure can now carry
vehicles of up to eighteen tonnes, which is more than it could when it first opened in 1962.</p>
<h2>What happens next</h2>
<ul><li>Cars and buses may use the bridge from Monday morning.</li>
<li>Lorries must wait until the new weight sensors are installed in the spring.</li>
<li>Cyclists will have a separate lane on the eastern side.</li></ul>
<p>Maria Lopez, who runs a bakery at the northern end of the bridge, said the news was a
relief. &ldquo;We have been hanging on by our fingernails,&rdquo; she said. &ldquo;Half of
our morning customers simply stopped coming, because the diversion added twenty minutes to
their journey. I hope they remember where we are.&rdquo;</p>
<p>Not everyone was pleased. Residents of Mill Street, which became a quiet cul-de-sac while
the bridge was closed, have asked the council to install speed bumps and a pedestrian
crossing before the traffic returns. The council said it would consider the request at its
next meeting, but warned that the budget for road improvements this year was already
committed.</p>
<p>The repairs cost a little over four million pounds, about a third more than first
estimated. Officials blamed the overrun on the discovery of corrosion in the steel supports,
which had been hidden beneath decades of paint, and on a shortage of specialist welders.
An independent review of the project is expected to be published in the autumn.</p>
<p>The opening ceremony will be held at nine o&rsquo;clock on Monday, and the mayor has invited
everyone who lives nearby to walk across the bridge before the first cars arrive.</p>
"""


def main() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure()

    started = time.perf_counter()
    import piper  # noqa: F401 - timing the import itself

    from articles.narration import article_to_text, encode_mp3
    from articles.narration.piper_engine import PiperEngine

    imported = time.perf_counter()
    engine = PiperEngine()
    engine.voice  # noqa: B018 - load the voice now, to time it on its own
    loaded = time.perf_counter()

    text = article_to_text(headline="Bridge to reopen", byline="Jane Doe", body_html=ARTICLE_HTML)
    words = len(text.split())
    for run in ("first", "second"):
        t0 = time.perf_counter()
        speech = engine.synthesize(text)
        t1 = time.perf_counter()
        audio = encode_mp3(speech)
        t2 = time.perf_counter()
        print(
            f"{run} run: {words} words, synthesis {t1 - t0:.2f} s, MP3 encoding {t2 - t1:.2f} s,"
            f" audio {audio.duration_seconds:.1f} s ({words / audio.duration_seconds * 60:.0f}"
            f" words/min), {len(audio.data) / 1024:.0f} KiB,"
            f" real-time factor {(t1 - t0) / audio.duration_seconds:.3f}"
        )
    print(f"import piper + narration: {imported - started:.2f} s")
    print(f"voice load: {loaded - imported:.2f} s")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
