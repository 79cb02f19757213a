from django.core.files.storage import default_storage

from articles.audio.content import article_narration_text
from articles.audio.models import ArticleAudio
from articles.models import Article


def audio_of(article: Article) -> ArticleAudio:
    return ArticleAudio.objects.get(article=article)


def narrated_words(article: Article) -> int:
    return len(article_narration_text(Article.objects.get(pk=article.pk)).split())


def stored_audio_files() -> list[str]:
    if not default_storage.exists("audio"):
        return []
    return sorted(f"audio/{name}" for name in default_storage.listdir("audio")[1])
