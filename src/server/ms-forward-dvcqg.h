/* ms-forward-dvcqg.h — the "dvcqg" connector's files */
#pragma once

#include "ms-forward.h"

G_BEGIN_DECLS

/* ms-forward-dvcqg-record.c */
JsonNode *ms_dvcqg_record      (const MsForwardItem *item,
                                const char          *madonvi);
char     *ms_dvcqg_time        (const char          *rfc3339);
void      ms_dvcqg_read_status (JsonObject          *record,
                                MsForwardStatus     *status);

G_END_DECLS
