// The OpenAPI 3.1 description of /api/v1/, kept beside the handlers it describes. tests/api checks
// it against real responses: a field added to a response must be added here too.
#include <boost/json.hpp>
#include <string_view>

#include "api/api.h"

namespace dateline::api {
namespace {

constexpr std::string_view kDocument = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "Dateline API",
    "version": "1.0.0",
    "summary": "Public reads of a Dateline news site's published content.",
    "description": "Read-only JSON views of published articles, authors, categories, tags and search. Drafts and scheduled articles are never visible.\n\nLists page with opaque cursors: pass `next_cursor` back as `cursor` (or follow the `Link: <...>; rel=\"next\"` header) until `next_cursor` is null. Article lists are ordered newest first and a cursor remembers the last article shown, so articles published or withdrawn while a client pages through neither repeat nor go missing.\n\nEvery 200 answer carries an `ETag`; send it back in `If-None-Match` to get 304 Not Modified. Errors are RFC 9457 problem documents (`application/problem+json`).\n\nWrites (create, update, publish, delete with per-user API tokens) are not offered yet: other methods than GET and HEAD answer 405."
  },
  "servers": [{"url": "/api/v1"}],
  "tags": [
    {"name": "articles"},
    {"name": "people and topics"},
    {"name": "meta"}
  ],
  "paths": {
    "/articles": {
      "get": {
        "operationId": "listArticles",
        "tags": ["articles"],
        "summary": "Published articles, newest first",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/CategoryFilter"},
          {"$ref": "#/components/parameters/TagFilter"},
          {"$ref": "#/components/parameters/AuthorFilter"}
        ],
        "responses": {
          "200": {
            "description": "A page of articles.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
              "Link": {"$ref": "#/components/headers/Link"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/articles/{slug}": {
      "get": {
        "operationId": "getArticle",
        "tags": ["articles"],
        "summary": "One published article, with its body as Markdown and as HTML",
        "parameters": [{"$ref": "#/components/parameters/Slug"}],
        "responses": {
          "200": {
            "description": "The article.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/authors": {
      "get": {
        "operationId": "listAuthors",
        "tags": ["people and topics"],
        "summary": "Every author, by name",
        "responses": {
          "200": {
            "description": "All authors (one page: next_cursor is always null).",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/authors/{slug}": {
      "get": {
        "operationId": "getAuthor",
        "tags": ["people and topics"],
        "summary": "One author, with the number of articles they published",
        "parameters": [{"$ref": "#/components/parameters/Slug"}],
        "responses": {
          "200": {
            "description": "The author.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorDetail"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/categories": {
      "get": {
        "operationId": "listCategories",
        "tags": ["people and topics"],
        "summary": "Every category, in the site's navigation order",
        "responses": {
          "200": {
            "description": "All categories (one page: next_cursor is always null).",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CategoryList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/tags": {
      "get": {
        "operationId": "listTags",
        "tags": ["people and topics"],
        "summary": "Tags that at least one published article carries, by slug",
        "responses": {
          "200": {
            "description": "All used tags (one page: next_cursor is always null).",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TagList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/search": {
      "get": {
        "operationId": "searchArticles",
        "tags": ["articles"],
        "summary": "Full-text search over published articles, best match first",
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "required": true,
            "description": "What to search for: words (all must match; case and accents are ignored), \"quoted phrases\" and prefix* terms. At most 200 bytes.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 200}
          },
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/CategoryFilter"},
          {"$ref": "#/components/parameters/TagFilter"},
          {"$ref": "#/components/parameters/AuthorFilter"},
          {
            "name": "from",
            "in": "query",
            "description": "Only articles published on or after this date (YYYY-MM-DD, in the site's time zone, or an ISO 8601 date and time).",
            "schema": {"type": "string"}
          },
          {
            "name": "to",
            "in": "query",
            "description": "Only articles published on or before this date (the whole day is included).",
            "schema": {"type": "string"}
          }
        ],
        "responses": {
          "200": {
            "description": "A page of search hits.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
              "Link": {"$ref": "#/components/headers/Link"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getOpenApiDocument",
        "tags": ["meta"],
        "summary": "This document",
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 description of this API.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"type": "object"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"}
        }
      }
    }
  },
  "components": {
    "parameters": {
      "Slug": {
        "name": "slug",
        "in": "path",
        "required": true,
        "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
      },
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "description": "The next_cursor of the previous page, unchanged. Leave out for the first page.",
        "schema": {"type": "string"}
      },
      "CategoryFilter": {
        "name": "category",
        "in": "query",
        "description": "Only articles in the category with this slug.",
        "schema": {"type": "string"}
      },
      "TagFilter": {
        "name": "tag",
        "in": "query",
        "description": "Only articles carrying the tag with this slug.",
        "schema": {"type": "string"}
      },
      "AuthorFilter": {
        "name": "author",
        "in": "query",
        "description": "Only articles by the author with this slug.",
        "schema": {"type": "string"}
      }
    },
    "headers": {
      "ETag": {
        "description": "A strong validator of the body; send it in If-None-Match to get 304.",
        "schema": {"type": "string"}
      },
      "CacheControl": {
        "description": "public, max-age=60",
        "schema": {"type": "string"}
      },
      "Link": {
        "description": "`<...>; rel=\"next\"` with the URL of the next page, when there is one.",
        "schema": {"type": "string"}
      }
    },
    "responses": {
      "NotModified": {
        "description": "The representation matching If-None-Match is still current; no body.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}
      },
      "BadRequest": {
        "description": "A query parameter is missing or malformed; `parameter` names it.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "NotFound": {
        "description": "Nothing published has this slug.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Problem": {
        "description": "Any other error: 405 for methods other than GET and HEAD (with an Allow header), 413 for a body over the limit, 414 for an over-long URL, 500 for a failure of ours.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      }
    },
    "schemas": {
      "Problem": {
        "description": "RFC 9457 problem details.",
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "type": {"type": "string", "format": "uri-reference", "description": "Always about:blank: the status code says what kind of problem this is."},
          "title": {"type": "string", "description": "The status code's reason phrase."},
          "status": {"type": "integer"},
          "detail": {"type": "string", "description": "What went wrong and how to fix it, for people."},
          "instance": {"type": "string", "format": "uri-reference", "description": "The request target."},
          "parameter": {"type": "string", "description": "For 400s: the query parameter at fault."}
        }
      },
      "AuthorRef": {
        "type": "object",
        "required": ["name", "slug", "url"],
        "properties": {
          "name": {"type": "string"},
          "slug": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The author's page on the site."}
        }
      },
      "Author": {
        "type": "object",
        "required": ["slug", "name", "bio", "url"],
        "properties": {
          "slug": {"type": "string"},
          "name": {"type": "string"},
          "bio": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The author's page on the site."}
        }
      },
      "AuthorDetail": {
        "allOf": [
          {"$ref": "#/components/schemas/Author"},
          {
            "type": "object",
            "required": ["article_count"],
            "properties": {
              "article_count": {"type": "integer", "minimum": 0, "description": "Published articles by this author."}
            }
          }
        ]
      },
      "Category": {
        "type": "object",
        "required": ["slug", "name", "url"],
        "properties": {
          "slug": {"type": "string"},
          "name": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The category's page on the site."}
        }
      },
      "Tag": {
        "type": "object",
        "required": ["slug", "name", "url"],
        "properties": {
          "slug": {"type": "string"},
          "name": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The tag's page on the site."}
        }
      },
      "ArticleSummary": {
        "type": "object",
        "required": ["id", "slug", "title", "path", "url", "dateline", "excerpt", "author", "category", "tags", "published_at", "updated_at"],
        "properties": {
          "id": {"type": "integer"},
          "slug": {"type": "string"},
          "title": {"type": "string"},
          "path": {"type": "string", "description": "The article's canonical path on the site, e.g. /2025/11/27/budget-passed/."},
          "url": {"type": "string", "format": "uri", "description": "The canonical path as an absolute URL."},
          "dateline": {"type": "string", "description": "The city the story is filed from; may be empty."},
          "excerpt": {"type": "string"},
          "author": {"$ref": "#/components/schemas/AuthorRef"},
          "category": {"anyOf": [{"$ref": "#/components/schemas/Category"}, {"type": "null"}]},
          "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
          "published_at": {"type": "string", "format": "date-time", "description": "UTC, e.g. 2025-11-27T09:05:00Z."},
          "updated_at": {"type": "string", "format": "date-time", "description": "Last edit after publication (UTC); equals published_at when never edited."}
        }
      },
      "Article": {
        "allOf": [
          {"$ref": "#/components/schemas/ArticleSummary"},
          {
            "type": "object",
            "required": ["body_markdown", "body_html"],
            "properties": {
              "body_markdown": {"type": "string"},
              "body_html": {"type": "string", "description": "The body as the article page shows it: sanitized HTML opening with the dateline."}
            }
          }
        ]
      },
      "SearchHit": {
        "allOf": [
          {"$ref": "#/components/schemas/ArticleSummary"},
          {
            "type": "object",
            "required": ["snippet_html"],
            "properties": {
              "snippet_html": {"type": "string", "description": "Escaped text around the matches, each wrapped in <mark>."}
            }
          }
        ]
      },
      "ListEnvelope": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array"},
          "next_cursor": {"type": ["string", "null"], "description": "Pass as cursor to get the next page; null on the last page."}
        }
      },
      "ArticleList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {
            "type": "object",
            "required": ["total"],
            "properties": {
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleSummary"}},
              "total": {"type": "integer", "description": "Articles matching the filters over all pages."}
            }
          }
        ]
      },
      "SearchResults": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {
            "type": "object",
            "required": ["query", "total"],
            "properties": {
              "query": {"type": "string", "description": "The search text as understood (trimmed)."},
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
              "total": {"type": "integer", "description": "Hits over all pages."}
            }
          }
        ]
      },
      "AuthorList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Author"}}}}
        ]
      },
      "CategoryList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}}}
        ]
      },
      "TagList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}}}
        ]
      }
    }
  }
})json";

}  // namespace

boost::json::value openapi_document() { return boost::json::parse(kDocument); }

}  // namespace dateline::api
