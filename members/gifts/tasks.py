from django.tasks import task

from .delivering import gift_deliver


@task()
def gift_deliver_task(*, gift_id: int) -> bool:
    """Email a gift to its recipient; enqueued for the delivery moment when it is paid."""
    return gift_deliver(gift_id=gift_id)
