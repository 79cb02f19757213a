from tests.articles.conftest import desk_editor, reporter  # noqa: F401 - the personas
from tests.members.conftest import stripe_fake  # noqa: F401 - the app on the fake Stripe
