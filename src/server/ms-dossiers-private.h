/* ms-dossiers-private.h — what the dossier and action handlers share:
 * the request body read once (size, bounded JSON, canonical form) and the
 * answers (ms-dossiers-body.c)
 */
#pragma once

#include "ms-server.h"

G_BEGIN_DECLS

typedef struct
{
  JsonNode *root;
  JsonObject *object;
  char *canonical;   /* canonical text */
  char *sha256;
} MsBody;

void      ms_body_clear      (MsBody            *body);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsBody, ms_body_clear)

/* Parses and canonicalises the request body @bytes; answers on failure. */
gboolean  ms_body_read       (MsAnswer          *answer,
                              GBytes            *bytes,
                              MsBody            *body);
void      ms_reply_invalid   (MsAnswer          *answer,
                              MsInvalid         *invalid);
/* A stored result (byte for byte on a replay, with MotCua-Replayed). */
void      ms_reply_stored    (MsAnswer          *answer,
                              guint              status,
                              const char        *result,
                              gboolean           replayed);
/* A request already stored: its result again when @same (the same body,
 * the same dossier), else 409 body_conflict with @conflict_message. */
void      ms_reply_replay    (MsAnswer          *answer,
                              gboolean           same,
                              const char        *stored_hash,
                              const char        *stored_result,
                              const char        *conflict_message);
void      ms_set_str         (char             **target,
                              const char        *value);
char     *ms_bytes_to_string (GBytes            *bytes);
/* {"@name": @value} for an error's details. */
JsonNode *ms_details_string  (const char        *name,
                              const char        *value);
JsonNode *ms_details_int     (const char        *name,
                              gint64             value);

G_END_DECLS
