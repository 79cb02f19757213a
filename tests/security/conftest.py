from tests.articles.conftest import desk_editor, reporter  # noqa: F401 - the personas
