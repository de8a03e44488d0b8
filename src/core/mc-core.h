/* mc-core.h — the whole core library, for the programs (desk, CLI) and tests
 *
 * Inside the core, include the header of what you use instead: a layer
 * sees only its own folder and the layers below it (docs/architecture.md):
 *   domain ← store ← { sync, forms },  domain ← scan
 */
#pragma once

#include "mc-core-env.h"

/* domain */
#include "mc-calendar.h"
#include "mc-calendar-edits.h"
#include "mc-canon.h"
#include "mc-catalog.h"
#include "mc-clerks.h"
#include "mc-codes.h"
#include "mc-dossier.h"
#include "mc-fees.h"
#include "mc-id-card.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-lunar.h"
#include "mc-text.h"
#include "mc-validate.h"

/* store */
#include "mc-attachments.h"
#include "mc-blobs.h"
#include "mc-intake.h"
#include "mc-store.h"
#include "mc-store-outbox.h"

/* scan */
#include "mc-scan.h"
#include "mc-scan-qr.h"
