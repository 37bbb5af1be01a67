/* html_title.h - the headline in a web page's title.
 *
 * A page's <title>, and often its og:title too, carries the site's name
 * beside the headline: "Story title | Site", "Story title - Site Name",
 * "Site: Story title".  A result list already shows the source, so the
 * name is noise there, and it is a word of every article of the site in
 * the title field.  The name is cut only when the page says what it is
 * (og:site_name, the JSON-LD publisher, the canonical URL's host) or when
 * the other side of a separator is the page's own <h1>: a headline that
 * merely contains a dash ("Biden - Putin summit ends") is left alone.
 */
#ifndef DL_HTML_TITLE_H
#define DL_HTML_TITLE_H

#include <stddef.h>

#include "dl_buf.h"

struct dl_title_hints {
    const char *site; /* the site's name as the page gives it; may be NULL */
    size_t site_n;
    const char *url; /* the page's canonical URL; may be NULL */
    size_t url_n;
    const char *h1; /* the page's first <h1> text, folded; may be NULL */
    size_t h1_n;
};

/* dl_title_trim_site - cut the site's name, and the separator before or
 * after it, from title (one folded line), in place.  The name is matched
 * ignoring case, spaces and punctuation, against the site's name, against
 * the main label of the URL's host ("www.the-site.co.uk" -> "thesite"),
 * or is whatever stands beside a part equal to the <h1>.  A title that is
 * nothing but the name is left as it is.  Never fails. */
void dl_title_trim_site(dl_buf *title, const struct dl_title_hints *hints);

#endif
