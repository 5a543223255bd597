/*
 * HTML bodies to text through gumbo, the HTML5 parser: the tree is walked without recursion,
 * blocks become paragraph breaks, and everything a reader does not read (scripts, forms, menus,
 * share and comment widgets, ads) is skipped. Gumbo frees its tree recursively, so documents
 * nested deeper than MAX_NESTING are stripped of tags by a plain scanner instead.
 */
#include <ctype.h>
#include <gumbo.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enrich_internal.h"
#include "enrich_utf8.h"

#define MAX_NESTING 1000

static bool skipped_tag(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_MENU:
        return true;
    default:
        return false;
    }
}

static bool block_tag(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
        return true;
    default:
        return false;
    }
}

/* Class and id words that mark widgets around an article rather than the article. */
static bool widget_word(const char *w, size_t n)
{
    static const char *const exact[] = {
        "ad",       "ads",        "adv",     "banner",    "sponsor", "sponsored", "promo",
        "tags",     "tag",        "toolbar", "print",     "rating",  "popular",   "trending",
        "readmore", "fb",         "zalo",    "nav",       "menu",    "sidebar",   "widget",
        "cookie",   "popup",      "modal",   "hidden",    "hide",    "login",     "signup",
        "like",     "likes",      "follow",  "subscribe", "donate",  "paywall",   "outbrain",
        "taboola",  "dablewidget"};
    static const char *const prefixes[] = {"share",     "social", "related",    "relate",
                                           "comment",   "advert", "breadcrumb", "newsletter",
                                           "recommend", "sharing"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        if (strlen(exact[i]) == n && memcmp(exact[i], w, n) == 0) {
            return true;
        }
    }
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t l = strlen(prefixes[i]);
        if (n >= l && memcmp(prefixes[i], w, l) == 0) {
            return true;
        }
    }
    return false;
}

/* Vietnamese CMSs name their widgets in Vietnamese without marks, in words joined or split
 * ("tinlienquan", "tin-lien-quan", "box_binh_luan"): matched with the separators taken out. */
static bool vietnamese_widget(const char *v)
{
    static const char *const joined[] = {"lienquan", "binhluan", "chiase",
                                         "tukhoa",   "xemthem",  "docthem",
                                         "tinkhac",  "quangcao", "cungchuyenmuc"};
    char flat[128];
    size_t n = 0;
    for (const char *p = v; *p != '\0' && n < sizeof flat - 1; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if (c >= 'a' && c <= 'z') {
            flat[n++] = c;
        }
    }
    flat[n] = '\0';
    for (size_t k = 0; k < sizeof joined / sizeof joined[0]; k++) {
        if (strstr(flat, joined[k]) != NULL) {
            return true;
        }
    }
    return false;
}

static bool widget_attr(const GumboVector *attrs, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(attrs, name);
    if (a == NULL || a->value == NULL) {
        return false;
    }
    if (vietnamese_widget(a->value)) {
        return true;
    }
    char word[32];
    size_t n = 0;
    for (const char *p = a->value;; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c + 32);
        }
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (n < sizeof word) {
                word[n] = c;
            }
            n++;
            continue;
        }
        if (n > 0 && n <= sizeof word && widget_word(word, n)) {
            return true;
        }
        n = 0;
        if (c == '\0') {
            return false;
        }
    }
}

static bool hidden(const GumboVector *attrs)
{
    if (gumbo_get_attribute(attrs, "hidden") != NULL) {
        return true;
    }
    const GumboAttribute *aria = gumbo_get_attribute(attrs, "aria-hidden");
    if (aria != NULL && strcmp(aria->value, "true") == 0) {
        return true;
    }
    const GumboAttribute *style = gumbo_get_attribute(attrs, "style");
    if (style != NULL) {
        /* "display:none" with or without spaces */
        const char *d = strstr(style->value, "display");
        if (d != NULL) {
            d += 7;
            while (*d == ' ' || *d == ':') {
                d++;
            }
            if (strncmp(d, "none", 4) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* Does the subtree under node hold an <h1>? Walked without recursion; false when memory runs
 * out, which only keeps the element. */
static bool holds_heading(const GumboNode *node)
{
    size_t cap = 32, depth = 0;
    struct {
        const GumboNode *node;
        unsigned int next;
    } *stack = malloc(cap * sizeof *stack);
    if (stack == NULL) {
        return false;
    }
    stack[depth].node = node;
    stack[depth++].next = 0;
    bool found = false;
    while (depth > 0 && !found) {
        const GumboVector *children = &stack[depth - 1].node->v.element.children;
        if (stack[depth - 1].next >= children->length) {
            depth--;
            continue;
        }
        const GumboNode *child = children->data[stack[depth - 1].next++];
        if (child->type != GUMBO_NODE_ELEMENT) {
            continue;
        }
        found = child->v.element.tag == GUMBO_TAG_H1;
        if (depth == cap) {
            void *grown = realloc(stack, 2 * cap * sizeof *stack);
            if (grown == NULL) {
                break;
            }
            stack = grown;
            cap *= 2;
        }
        stack[depth].node = child;
        stack[depth++].next = 0;
    }
    free(stack);
    return found;
}

/* Elements the walk leaves out. A class or id that names a widget does not drop an element
 * that holds the page's <h1>: that is the article itself, filed under a section whose name
 * reads like a widget ("binh-luan" for commentary, "chia-se" for readers' stories). */
static bool skip_element(const GumboNode *node)
{
    const GumboElement *el = &node->v.element;
    if (skipped_tag(el->tag) || hidden(&el->attributes)) {
        return true;
    }
    return (widget_attr(&el->attributes, "class") || widget_attr(&el->attributes, "id")) &&
           !holds_heading(node);
}

struct walk {
    struct enrich_html_text *out;
    int rc;
    bool after_img; /* an <img> came last, with nothing but whitespace and <br> since */
};

static bool word_is(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t k = 0; k < count; k++) {
        if (strlen(list[k]) == n && strncasecmp(w, list[k], n) == 0) {
            return true;
        }
    }
    return false;
}

/* A caption by its class or id: a word that starts or ends with "caption" ("image-caption",
 * "PhotoCMS_Caption"), or a word for a picture next to a word for a description
 * ("image_desc", "img-note"). Words are split at anything but letters and digits. */
static bool caption_attr(const GumboVector *attrs)
{
    static const char *const names[] = {"class", "id"};
    static const char *const pictures[] = {"image", "img", "photo", "pic", "picture", "figure"};
    static const char *const descriptions[] = {"desc", "description", "note", "legend"};
    for (size_t k = 0; k < 2; k++) {
        const GumboAttribute *a = gumbo_get_attribute(attrs, names[k]);
        if (a == NULL || a->value == NULL) {
            continue;
        }
        const char *v = a->value;
        size_t i = 0;
        bool picture = false, description = false;
        while (v[i] != '\0') {
            while (v[i] != '\0' && !isalnum((unsigned char)v[i])) {
                i++;
            }
            size_t b = i;
            while (isalnum((unsigned char)v[i])) {
                i++;
            }
            if (i - b >= 7 && (strncasecmp(v + b, "caption", 7) == 0 ||
                               strncasecmp(v + i - 7, "caption", 7) == 0)) {
                return true;
            }
            picture |= word_is(v + b, i - b, pictures, sizeof pictures / sizeof pictures[0]);
            description |=
                word_is(v + b, i - b, descriptions, sizeof descriptions / sizeof descriptions[0]);
            /* Words of one attribute value only: "image" in class and "desc" in id do not pair. */
            if (picture && description) {
                return true;
            }
        }
    }
    return false;
}

static bool blank_text(const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t') {
            return false;
        }
    }
    return true;
}

static bool is_picture(const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT) {
        return false;
    }
    if (n->v.element.tag == GUMBO_TAG_IMG) {
        return true;
    }
    /* <a href><img></a>, <picture><source><img></picture>: the picture one level down. */
    const GumboVector *c = &n->v.element.children;
    for (unsigned int k = 0; k < c->length; k++) {
        const GumboNode *x = c->data[k];
        if (x->type == GUMBO_NODE_ELEMENT && x->v.element.tag == GUMBO_TAG_IMG) {
            return true;
        }
    }
    return false;
}

/* Under a picture, an <em> or <i> on a line of its own is the picture's caption, as CMSs
 * without <figcaption> print it: in the same block as the picture, with only <br> between
 * them, and a <br>, another picture or the end of the block after it. An italic paragraph of
 * its own under a picture (a sapo) is not one. */
static bool img_caption(const struct walk *w, const GumboNode *parent, unsigned int next,
                        const GumboElement *el)
{
    if (!w->after_img || (el->tag != GUMBO_TAG_EM && el->tag != GUMBO_TAG_I)) {
        return false;
    }
    const GumboVector *sib = &parent->v.element.children;
    bool picture = false;
    for (unsigned int k = next - 1; k-- > 0;) {
        const GumboNode *n = sib->data[k];
        if (n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_COMMENT ||
            (n->type == GUMBO_NODE_TEXT && blank_text(n->v.text.text)) ||
            (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BR)) {
            continue;
        }
        picture = is_picture(n);
        break;
    }
    if (!picture) {
        return false;
    }
    for (unsigned int k = next; k < sib->length; k++) {
        const GumboNode *n = sib->data[k];
        if (n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_COMMENT ||
            (n->type == GUMBO_NODE_TEXT && blank_text(n->v.text.text))) {
            continue;
        }
        return n->type == GUMBO_NODE_ELEMENT &&
               (n->v.element.tag == GUMBO_TAG_BR || n->v.element.tag == GUMBO_TAG_IMG);
    }
    return true;
}

/* Appends text. Outside <pre> line breaks are only layout and become spaces; inside, each line
 * is kept as a paragraph of its own (a single break could be joined as a hard wrap later). */
static void put_text(struct walk *w, struct enrich_buf *dst, const char *s, bool pre)
{
    size_t n = strlen(s);
    if (w->rc != 0 || enrich_buf_reserve(dst, pre ? 2 * n : n) != 0) {
        w->rc = ENRICH_ERR_NOMEM;
        return;
    }
    char *o = dst->data + dst->len;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r') {
            if (pre && c == '\n') {
                *o++ = '\n';
                *o++ = '\n';
                continue;
            }
            c = ' ';
        }
        *o++ = c;
    }
    dst->len = (size_t)(o - dst->data);
    dst->data[dst->len] = '\0';
}

static void put(struct walk *w, struct enrich_buf *dst, const char *s)
{
    if (w->rc == 0 && enrich_buf_append(dst, s, strlen(s)) != 0) {
        w->rc = ENRICH_ERR_NOMEM;
    }
}

struct frame {
    const GumboNode *node;
    unsigned int next;
};

/* Walks the subtree under root into dst. In flat mode (captions, headings) blocks are spaces. */
static void walk_tree(struct walk *w, const GumboNode *root, struct enrich_buf *dst, bool flat)
{
    /* Most documents nest less deeply than this: their walk allocates nothing (a 1 KB malloc()
     * also makes glibc consolidate the small blocks freed before it). */
    struct frame local[64];
    size_t cap = sizeof local / sizeof local[0], depth = 0;
    struct frame *stack = local;
    stack[depth++] = (struct frame){root, 0};
    int pre = 0;
    const char *brk = flat ? " " : "\n\n";
    while (depth > 0 && w->rc == 0) {
        struct frame *f = &stack[depth - 1];
        const GumboNode *node = f->node;
        const GumboVector *children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children
                                                                        : &node->v.element.children;
        if (f->next >= children->length) {
            if (node->type == GUMBO_NODE_ELEMENT) {
                GumboTag tag = node->v.element.tag;
                pre -= tag == GUMBO_TAG_PRE;
                if (block_tag(tag)) {
                    put(w, dst, brk);
                }
            }
            depth--;
            continue;
        }
        const GumboNode *child = children->data[f->next++];
        switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            put_text(w, dst, child->v.text.text, pre > 0 && !flat);
            if (child->type != GUMBO_NODE_WHITESPACE && !blank_text(child->v.text.text)) {
                w->after_img = false;
            }
            break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            const GumboElement *el = &child->v.element;
            if (skip_element(child)) {
                break;
            }
            if (el->tag == GUMBO_TAG_BR) {
                put(w, dst, flat ? " " : "\n");
                break;
            }
            if (el->tag == GUMBO_TAG_IMG) {
                w->after_img = true;
            }
            if (!flat &&
                (el->tag == GUMBO_TAG_FIGCAPTION || caption_attr(&el->attributes) ||
                 (node->type == GUMBO_NODE_ELEMENT && img_caption(w, node, f->next, el)))) {
                w->after_img = false;
                struct enrich_buf *caps = &w->out->captions;
                walk_tree(w, child, caps, true);
                put(w, caps, "\n");
                break;
            }
            if (el->tag == GUMBO_TAG_H1 && !flat && w->out->heading.len == 0) {
                walk_tree(w, child, &w->out->heading, true);
            }
            if ((el->tag == GUMBO_TAG_TD || el->tag == GUMBO_TAG_TH) && dst->len > 0 &&
                dst->data[dst->len - 1] != '\n') {
                put(w, dst, " | ");
            }
            if (block_tag(el->tag)) {
                put(w, dst, brk);
            }
            pre += el->tag == GUMBO_TAG_PRE;
            if (depth == cap) {
                struct frame *grown = malloc(2 * cap * sizeof *stack);
                if (grown == NULL) {
                    w->rc = ENRICH_ERR_NOMEM;
                    break;
                }
                memcpy(grown, stack, depth * sizeof *stack);
                if (stack != local) {
                    free(stack);
                }
                stack = grown;
                cap *= 2;
            }
            stack[depth++] = (struct frame){child, 0};
            break;
        }
        default:
            break; /* comments, the doctype */
        }
    }
    if (stack != local) {
        free(stack);
    }
}

/* An upper bound on how deep gumbo's tree can get: elements that close themselves or their
 * siblings do not nest. */
static size_t nesting_estimate(const char *s, size_t len)
{
    static const char *const flat[] = {"br",     "img",   "hr",  "input", "meta",   "link",
                                       "area",   "base",  "col", "embed", "source", "track",
                                       "wbr",    "param", "p",   "li",    "dt",     "dd",
                                       "option", "tr",    "td",  "th"};
    size_t depth = 0, max = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '<') {
            continue;
        }
        if (s[i + 1] == '/') {
            depth -= depth > 0;
            continue;
        }
        char c = s[i + 1] | 0x20;
        if (c < 'a' || c > 'z') {
            continue;
        }
        size_t k = i + 1, n = 0;
        char name[8];
        while (k < len && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')) {
            if (n < sizeof name - 1) {
                name[n] = (char)(s[k] | 0x20);
            }
            n++;
            k++;
        }
        bool nests = true;
        if (n < sizeof name) {
            name[n] = '\0';
            for (size_t t = 0; t < sizeof flat / sizeof flat[0]; t++) {
                if (strcmp(name, flat[t]) == 0) {
                    nests = false;
                }
            }
        }
        if (nests && ++depth > max) {
            max = depth;
        }
    }
    return max;
}

/* The plain scanner for documents too deep for gumbo's recursive cleanup. */
static int strip_tags(const char *s, size_t len, struct enrich_buf *dst)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] == '<') {
            const char *close = memchr(s + i, '>', len - i);
            if (close == NULL) {
                break;
            }
            if (enrich_buf_append(dst, "\n", 1) != 0) {
                return ENRICH_ERR_NOMEM;
            }
            i = (size_t)(close - s) + 1;
            continue;
        }
        size_t j = i;
        while (j < len && s[j] != '<') {
            j++;
        }
        if (enrich_buf_append(dst, s + i, j - i) != 0) {
            return ENRICH_ERR_NOMEM;
        }
        i = j;
    }
    return 0;
}

/*
 * Gumbo allocates every node, attribute, vector and string of its tree one at a time, grows
 * them by allocating anew, and frees them one at a time at the end: a few hundred calls to
 * malloc() and free() per document. They are served here from a few large blocks that are
 * released together, and gumbo's frees do nothing (what a grown vector leaves behind stays in
 * its block until the end, at most as much again as the tree holds).
 */
struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

struct arena {
    struct arena_block *head; /* the block allocations are cut from */
    size_t next_cap;          /* bytes of the next block; doubles up to ARENA_MAX_BLOCK */
    struct arena_block *kept; /* the first block, borrowed from the caller; NULL when none */
};

#define ARENA_MIN_BLOCK (16 * 1024)
#define ARENA_MAX_BLOCK (4 * 1024 * 1024)

static void *arena_alloc(void *userdata, size_t size)
{
    struct arena *a = userdata;
    const size_t align = sizeof(max_align_t);
    if (size > SIZE_MAX / 2) {
        return NULL;
    }
    size = (size + align - 1) / align * align;
    struct arena_block *b = a->head;
    if (b == NULL || b->cap - b->used < size) {
        /* A request larger than a quarter block gets a block of its own, behind the current
         * one, which keeps its free room for what comes next. */
        bool own = size > a->next_cap / 4;
        size_t cap = own ? size : a->next_cap;
        b = malloc(sizeof *b + cap);
        if (b == NULL) {
            return NULL; /* as malloc() would have: gumbo does not expect it */
        }
        b->used = 0;
        b->cap = cap;
        if (own && a->head != NULL) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
            if (a->next_cap < ARENA_MAX_BLOCK) {
                a->next_cap *= 2;
            }
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

static void arena_free(void *userdata, void *ptr)
{
    (void)userdata;
    (void)ptr;
}

static void arena_release(struct arena *a)
{
    while (a->head != NULL) {
        struct arena_block *next = a->head->next;
        if (a->head != a->kept) {
            free(a->head);
        }
        a->head = next;
    }
}

static void buf_empty(struct enrich_buf *b)
{
    b->len = 0;
    if (b->data != NULL) {
        b->data[0] = '\0';
    }
}

/* The work of both entry points; out is empty. keep is NULL, or the caller's memory for the
 * first block of the arena. */
static int html_to_text(const char *html, size_t len, struct enrich_block *keep,
                        struct enrich_html_text *out)
{
    if (nesting_estimate(html, len) > MAX_NESTING) {
        return strip_tags(html, len, &out->text);
    }
    /* Gumbo's tree takes several times the document's size: the first block is sized for a
     * typical article so that most documents need one or two. */
    struct arena arena = {.next_cap = ARENA_MIN_BLOCK};
    while (arena.next_cap < 4 * len && arena.next_cap < ARENA_MAX_BLOCK) {
        arena.next_cap *= 2;
    }
    /* The caller's block serves as the first one, as large as arena_alloc() would have made
     * it, so that the blocks and what they hold are the same either way. */
    if (keep != NULL) {
        struct arena_block *b = enrich_block_reserve(keep, sizeof *b + arena.next_cap);
        if (b == NULL) {
            return ENRICH_ERR_NOMEM;
        }
        b->next = NULL;
        b->used = 0;
        b->cap = arena.next_cap;
        arena.head = arena.kept = b;
        if (arena.next_cap < ARENA_MAX_BLOCK) {
            arena.next_cap *= 2;
        }
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    options.allocator = arena_alloc;
    options.deallocator = arena_free;
    options.userdata = &arena;
    GumboOutput *doc = gumbo_parse_with_options(&options, html, len);
    if (doc == NULL) {
        arena_release(&arena);
        return ENRICH_ERR_NOMEM;
    }
    struct walk w = {.out = out};
    walk_tree(&w, doc->document, &out->text, false);
    gumbo_destroy_output(&options, doc);
    arena_release(&arena);
    return w.rc;
}

int enrich_html_to_text(const char *html, size_t len, struct enrich_html_text *out)
{
    memset(out, 0, sizeof *out);
    return html_to_text(html, len, NULL, out);
}

int enrich_html_to_text_reusing(const char *html, size_t len, struct enrich_block *arena,
                                struct enrich_html_text *out)
{
    buf_empty(&out->text);
    buf_empty(&out->heading);
    buf_empty(&out->captions);
    return html_to_text(html, len, arena, out);
}

void enrich_html_text_free(struct enrich_html_text *h)
{
    enrich_buf_free(&h->text);
    enrich_buf_free(&h->heading);
    enrich_buf_free(&h->captions);
}

/* Entities that plain-text feeds leave in their bodies, as their code points. */
static const struct {
    const char *name;
    int32_t cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"laquo", 0xAB},    {"raquo", 0xBB},
    {"bull", 0x2022},  {"middot", 0xB7},  {"copy", 0xA9},    {"reg", 0xAE},      {"trade", 0x2122},
    {"shy", 0xAD},     {"zwj", 0x200D},   {"zwnj", 0x200C},  {"thinsp", 0x2009}, {"ensp", 0x2002},
    {"emsp", 0x2003},  {"deg", 0xB0},     {"times", 0xD7},
};

/* The entity at s[0..len) (s[0] is '&'): its code point and length, or 0 when there is none. */
static size_t entity_at(const char *s, size_t len, int32_t *cp)
{
    size_t i = 1;
    if (i < len && s[i] == '#') {
        bool hex = i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X');
        i += hex ? 2 : 1;
        size_t start = i;
        int32_t v = 0;
        while (i < len && i - start < 7 && isxdigit((unsigned char)s[i]) &&
               (hex || isdigit((unsigned char)s[i]))) {
            int d = isdigit((unsigned char)s[i]) ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;
            v = v * (hex ? 16 : 10) + d;
            i++;
        }
        if (i == start || i >= len || s[i] != ';' || v == 0 || v > 0x10FFFF ||
            (v >= 0xD800 && v <= 0xDFFF)) {
            return 0;
        }
        *cp = v;
        return i + 1;
    }
    size_t start = i;
    while (i < len && i - start < 8 && isalpha((unsigned char)s[i])) {
        i++;
    }
    if (i == start || i >= len || s[i] != ';') {
        return 0;
    }
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        if (strlen(entities[k].name) == i - start &&
            memcmp(entities[k].name, s + start, i - start) == 0) {
            *cp = entities[k].cp;
            return i + 1;
        }
    }
    return 0;
}

int enrich_html_decode_entities(const char *s, size_t len, struct enrich_buf *out)
{
    size_t copied = 0;
    if (enrich_buf_reserve(out, len) != 0) {
        return ENRICH_ERR_NOMEM;
    }
    for (const char *amp = memchr(s, '&', len); amp != NULL;
         amp = memchr(amp + 1, '&', len - (size_t)(amp + 1 - s))) {
        size_t at = (size_t)(amp - s);
        if (at < copied) {
            continue;
        }
        int32_t cp;
        size_t n = entity_at(amp, len - at, &cp);
        if (n == 0) {
            continue;
        }
        char utf8[4];
        size_t u = enrich_utf8_encode(cp, utf8);
        if (enrich_buf_append(out, s + copied, at - copied) != 0 ||
            enrich_buf_append(out, utf8, u) != 0) {
            return ENRICH_ERR_NOMEM;
        }
        copied = at + n;
    }
    return enrich_buf_append(out, s + copied, len - copied);
}
