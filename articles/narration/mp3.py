"""MP3 encoding of speech with LAME, which the ``lameenc`` wheel bundles (no ffmpeg needed).

MP3 rather than Opus: every browser's ``<audio>`` and every podcast app plays it, and
``lameenc`` is a small, self-contained, maintained wheel. The Opus routes on PyPI either need
the system's libopus (PyOgg, last released 2020) or pull in a whole FFmpeg build (PyAV).
"""

import lameenc

from .audio import NarratedAudio, Speech
from .errors import NarrationError

MIME_TYPE = "audio/mpeg"
EXTENSION = "mp3"

#: Constant bit rate in kbit/s. 48 kbit/s mono is plenty for a 22.05 kHz voice (about
#: 360 kB per minute) and CBR lets players seek and estimate length without an index.
DEFAULT_BITRATE_KBPS = 48

# Sample rates an MP3 can carry (MPEG-1, MPEG-2 and MPEG-2.5). Other rates are left for LAME
# to resample to one of these.
_MP3_SAMPLE_RATES = frozenset({8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000})

# LAME's algorithm quality: 2 is near-best. It costs about 0.5 s per 100 s of audio on a slow
# core (a tenth of what Piper takes to synthesise it), so speed is not worth trading for.
_LAME_QUALITY = 2


def encode_mp3(speech: Speech, *, bitrate_kbps: int = DEFAULT_BITRATE_KBPS) -> NarratedAudio:
    """Encode ``speech`` as a mono CBR MP3 file."""
    if speech.num_samples == 0:
        raise NarrationError("There is no audio to encode.")
    try:
        encoder = lameenc.Encoder()
        encoder.set_channels(1)
        encoder.set_in_sample_rate(speech.sample_rate)
        if speech.sample_rate in _MP3_SAMPLE_RATES:
            # Otherwise LAME may pick a lower output rate for the bit rate on its own.
            encoder.set_out_sample_rate(speech.sample_rate)
        encoder.set_bit_rate(bitrate_kbps)
        encoder.set_quality(_LAME_QUALITY)
        encoder.silence()  # Keep any LAME warnings off stdout (a worker's log).
        data = bytes(encoder.encode(speech.pcm) + encoder.flush())
    except Exception as exc:
        raise NarrationError(f"MP3 encoding failed: {exc}") from exc
    return NarratedAudio(
        data=data,
        duration_seconds=speech.duration_seconds,
        mime_type=MIME_TYPE,
        extension=EXTENSION,
    )
