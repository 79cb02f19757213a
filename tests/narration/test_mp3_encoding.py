import miniaudio
import pytest

from articles.narration import Speech, encode_mp3, narrate_text
from articles.narration.tone_engine import ToneTestEngine


def decode_mp3(data: bytes) -> miniaudio.DecodedSoundFile:
    """Decode at the file's own rate and channel count (miniaudio resamples otherwise)."""
    return miniaudio.mp3_read_s16(data)


def test_speech_encodes_to_a_decodable_mono_mp3_of_the_same_length():
    speech = ToneTestEngine(sample_rate=22050).synthesize("one two three four five six seven")

    audio = encode_mp3(speech)
    decoded = decode_mp3(audio.data)

    assert (audio.mime_type, audio.extension) == ("audio/mpeg", "mp3")
    assert audio.duration_seconds == pytest.approx(7 * 0.3)
    assert decoded.sample_rate == 22050
    assert decoded.nchannels == 1
    # LAME adds encoder delay and pads the last frame: at most a few frames of 1152 samples.
    decoded_seconds = decoded.num_frames / decoded.sample_rate
    assert audio.duration_seconds <= decoded_seconds < audio.duration_seconds + 0.2
    assert max(decoded.samples) > 4000  # the tone survived, not silence


def test_the_bit_rate_sets_the_file_size():
    speech = ToneTestEngine(sample_rate=22050).synthesize("word " * 100)  # 30 s

    small = encode_mp3(speech, bitrate_kbps=32)
    large = encode_mp3(speech, bitrate_kbps=64)

    assert len(small.data) == pytest.approx(30 * 32_000 / 8, rel=0.05)
    assert len(large.data) == pytest.approx(30 * 64_000 / 8, rel=0.05)


def test_the_tone_test_engine_is_deterministic_and_sized_to_the_text():
    engine = ToneTestEngine()

    first = engine.synthesize("a b c d")
    again = engine.synthesize("w x y z")

    assert first == again
    assert first.duration_seconds == pytest.approx(1.2)
    assert (
        narrate_text("a b c d", engine=engine).data == narrate_text("a b c d", engine=engine).data
    )


def test_speech_reports_its_length():
    speech = Speech(pcm=bytes(2 * 11025), sample_rate=22050)

    assert speech.num_samples == 11025
    assert speech.duration_seconds == 0.5
