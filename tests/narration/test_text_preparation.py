from articles.narration import article_to_text, html_to_text


def test_script_and_style_contents_are_not_read_out():
    html = (
        "<p>Before.</p><script>alert('hacked');</script>"
        "<style>p { color: red; }</style><p>After.</p>"
    )

    assert html_to_text(html) == "Before.\n\nAfter."


def test_entities_are_decoded():
    html = "<p>Fish &amp; chips cost &pound;5&nbsp;today &#8212; it&#8217;s &quot;fine&quot;.</p>"

    assert html_to_text(html) == 'Fish & chips cost £5 today — it\u2019s "fine".'


def test_paragraphs_are_separated_by_a_blank_line_and_inline_markup_is_dropped():
    html = (
        "<p>The council <strong>voted</strong> on <a href='/x'>Tuesday</a>.</p>\n"
        "<p>It was close.</p>"
    )

    assert html_to_text(html) == "The council voted on Tuesday.\n\nIt was close."


def test_headings_list_items_and_line_breaks_become_sentences():
    html = (
        "<h2>What we know</h2><ul><li>Three people were hurt</li><li>The road is shut!</li></ul>"
        "<p>First line<br>second line</p>"
    )

    assert html_to_text(html) == (
        "What we know.\n\nThree people were hurt.\nThe road is shut!\n\nFirst line.\nsecond line."
    )


def test_a_sentence_ending_inside_quotes_gets_no_extra_full_stop():
    assert html_to_text('<p>She said: "We will rebuild."</p>') == 'She said: "We will rebuild."'
    assert html_to_text("<p>\u201cGo.\u201d</p>") == "\u201cGo.\u201d"


def test_hidden_elements_figures_and_embeds_are_skipped():
    html = (
        "<p>Kept.</p>"
        "<figure><img src='a.jpg' alt='A photo'><figcaption>Photo: Agency</figcaption></figure>"
        "<div hidden><p>Hidden.</p></div>"
        "<p>Icon <span aria-hidden='true'>★</span>gone.</p>"
        "<iframe src='https://example.com/video'>Your browser cannot play this.</iframe>"
        "<p>Also kept.</p>"
    )

    assert html_to_text(html) == "Kept.\n\nIcon gone.\n\nAlso kept."


def test_unclosed_tags_inside_a_skipped_element_do_not_swallow_the_rest():
    html = "<figure><p>Caption without end tag<br></figure><p>Story goes on.</p>"

    assert html_to_text(html) == "Story goes on."


def test_whitespace_and_invisible_characters_are_normalised():
    html = "<p>  Re\u00adsilient\n\n   town\u200b  </p>"

    assert html_to_text(html) == "Resilient town."


def test_article_text_reads_headline_then_byline_then_body():
    text = article_to_text(
        headline="Bridge reopens",
        byline="Jane Doe",
        body_html="<p>Traffic is moving again.</p>",
    )

    assert text == "Bridge reopens.\n\nBy Jane Doe.\n\nTraffic is moving again."


def test_a_byline_that_already_starts_with_by_is_left_alone():
    text = article_to_text(headline="", byline="by Jane Doe and John Roe", body_html="")

    assert text == "by Jane Doe and John Roe."


def test_an_article_without_readable_text_gives_empty_text():
    assert article_to_text(headline=" ", byline="", body_html="<script>x()</script>") == ""
