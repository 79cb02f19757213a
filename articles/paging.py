"""Pages of a newest-first list without counting the list.

Django's Paginator counts every matching row to know the number of pages: on a
section of 20,000 articles, or the 100,000 of "Latest", that count costs more than
the page itself, and readers only ever step to the newer or older page. This
paginator reads one row more than a page holds to know whether an older page
exists, and never counts.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

# The largest OFFSET + LIMIT both databases accept (a signed 64-bit integer). Django's
# Paginator never gets near it, as it refuses a number past the counted last page;
# without a count, a page number from the address must be bounded here instead.
LARGEST_ROW = 2**63 - 1


class UncountedPage(Page):
    def __init__(self, object_list, number: int, paginator: Paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1


class UncountedPaginator(Paginator):
    """A Paginator whose pages know their neighbours but not the total (no COUNT)."""

    counted = False

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number * self.per_page + 1 > LARGEST_ROW:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return UncountedPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )
