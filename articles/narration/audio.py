"""Value types for audio moving through the narration layer: raw speech and the encoded file."""

from dataclasses import dataclass

#: Bytes per sample of `Speech.pcm` (signed 16-bit).
SAMPLE_WIDTH = 2


@dataclass(frozen=True, slots=True)
class Speech:
    """Synthesised speech as raw PCM: signed 16-bit little-endian samples, mono."""

    pcm: bytes
    sample_rate: int

    def __post_init__(self) -> None:
        if self.sample_rate <= 0:
            raise ValueError(f"sample_rate must be positive, got {self.sample_rate}")
        if len(self.pcm) % SAMPLE_WIDTH:
            raise ValueError("pcm must hold whole 16-bit samples (an even number of bytes)")

    @property
    def num_samples(self) -> int:
        return len(self.pcm) // SAMPLE_WIDTH

    @property
    def duration_seconds(self) -> float:
        return self.num_samples / self.sample_rate


@dataclass(frozen=True, slots=True)
class NarratedAudio:
    """A compressed audio file ready to be stored and served."""

    data: bytes
    #: Length of the speech itself, exact (taken from the PCM, not estimated from the file).
    duration_seconds: float
    #: For the Content-Type header, e.g. "audio/mpeg".
    mime_type: str
    #: File name extension without the dot, e.g. "mp3".
    extension: str
