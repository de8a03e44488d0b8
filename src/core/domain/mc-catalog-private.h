/* mc-catalog-private.h — what the catalog's readers share (mc-catalog.c,
 * mc-catalog-fees.c) */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-catalog.h"

G_BEGIN_DECLS

/* Where a problem is in the document, for the error message. */
typedef struct
{
  guint       index;  /* 1-based procedure number; 0 = top level */
  const char *code;   /* nullable: the procedure's code once known */
  guint       paper;  /* 1-based paper number; 0 = not in a paper */
  guint       fee;    /* 1-based fee number; 0 = not in a fee */
} Where;

typedef enum
{
  OPTIONAL,   /* may be absent or null */
  REQUIRED,   /* present and not null */
  NULLABLE,   /* present, may be null */
} Presence;

typedef enum
{
  TEXT,       /* a string that is not blank */
  NUMBER,     /* an integer */
  FLAG,       /* true or false */
  LIST,       /* an array */
} Kind;

/* The members an object may have. */
typedef struct
{
  const char *name;
  Kind        kind;
  Presence    presence;
} Member;

/* Always returns FALSE, so that callers can `return mc_catalog_set_invalid (…)`. */
G_GNUC_PRINTF (3, 4)
gboolean  mc_catalog_set_invalid         (GError       **error,
                                          const Where   *where,
                                          const char    *format,
                                          ...);
/* Checks @object against @members and fills @nodes with each member's
 * value, NULL where it is absent or null. */
gboolean  mc_catalog_read_members        (JsonObject    *object,
                                          const Member  *members,
                                          guint          n_members,
                                          const Where   *where,
                                          JsonNode     **nodes,
                                          GError       **error);
gboolean  mc_catalog_node_holds          (JsonNode      *node,
                                          Kind           kind);
gboolean  mc_catalog_is_blank            (const char    *text);
char     *mc_catalog_dup_text            (JsonNode      *node);
void      mc_catalog_set_nullable_string (JsonObject    *object,
                                          const char    *member,
                                          const char    *value);

/* The procedure's fees from its `fees` list, or from the older single
 * `fee` (integer or null) and `fee_note` (one entry). @fees_node, @fee_node
 * and @note_node are the members as read (NULL when absent or null);
 * @has_fee says whether `fee` was present at all. */
GPtrArray *mc_catalog_read_fees          (JsonNode      *fees_node,
                                          gboolean       has_fee,
                                          JsonNode      *fee_node,
                                          JsonNode      *note_node,
                                          const Where   *where,
                                          GError       **error);
void       mc_procedure_fee_free         (McProcedureFee *fee);
JsonNode  *mc_procedure_fees_to_json     (GPtrArray     *fees);

G_END_DECLS
