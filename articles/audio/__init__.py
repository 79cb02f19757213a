"""Article audio: an AI-narrated version of every published article.

- `models.ArticleAudio`: one row per article (status, file, duration, attempts, the hash of
  the narrated text, the editors' on/off switch).
- `services`: what the rest of the site calls: `article_audio_request` after an article is
  saved, `articles_audio_sweep` for articles changed by other routes, `article_audio_regenerate`.
- `tasks.article_audio_generate`: the background task that narrates (via `articles.narration`),
  stores the MP3 and retries with backoff.
- `admin`, `feeds` (the podcast feed); the player is
  ``templates/articles/includes/audio_player.html``.
"""
