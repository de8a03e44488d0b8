/* mc-attachment-preview.h — a window showing one attachment
 *
 * Images (JPEG, PNG) are shown whole; a PDF shows its page count and opens
 * in the default viewer from a temporary copy (no PDF renderer here).
 * Reading and decoding happen off the main thread.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_ATTACHMENT_PREVIEW (mc_attachment_preview_get_type ())
G_DECLARE_FINAL_TYPE (McAttachmentPreview, mc_attachment_preview, MC, ATTACHMENT_PREVIEW, AdwWindow)

/* Shows the file @path (a blob or a file in incoming/) called @name, of
 * type @mime_type (nullable: guessed from the content), over @parent. */
McAttachmentPreview *mc_attachment_preview_new (GtkWindow  *parent,
                                                const char *path,
                                                const char *name,
                                                const char *mime_type);

G_END_DECLS
