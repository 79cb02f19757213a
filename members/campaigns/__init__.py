"""Campaigns: a goal of new members, its exact counter, the site-wide banner, the progress page.

How other features plug in
==========================

Counting
    Nothing to do: every start written to the `MembershipStart` ledger through
    `members.memberships.starts.membership_start_record` counts (the ledger
    calls `services.campaign_start_counted` in the same transaction), and
    `membership_start_mark_refunded` takes a refunded start off
    (`services.campaign_start_refunded`). Gifts count when their start is recorded.

The banner
    `templates/includes/banner.html` renders `{% campaign_banner %}` (members/templatetags/
    campaigns.py). Its data is cached (`banner.py`); a page with the banner costs at
    most one extra query on a cold cache and none on a warm one.

Naming supporters
    `forms.SupporterNamingForm` (first name, city, opt-in) is added to the join
    form and the account page; `services.public_supporter_save(...)` stores it.
"""
