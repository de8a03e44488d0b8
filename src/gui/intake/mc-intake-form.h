/* mc-intake-form.h — what the intake form holds, without any widget
 *
 * The text of every field as the clerk typed it, checked field by field
 * with the core's messages, turned into an McDossier for saving and into
 * JSON for the autosaved draft. No GTK here: the unit tests drive it
 * without a display, the way GNOME Calendar tests its widget state.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-core.h"

G_BEGIN_DECLS

typedef enum
{
  MC_FORM_FIELD_PROCEDURE,
  MC_FORM_FIELD_FULL_NAME,
  MC_FORM_FIELD_ID_KIND,
  MC_FORM_FIELD_ID_NUMBER,
  MC_FORM_FIELD_DATE_OF_BIRTH,     /* dd/mm/yyyy as typed */
  MC_FORM_FIELD_PHONE,
  MC_FORM_FIELD_ADDRESS,
  MC_FORM_FIELD_EMAIL,
  MC_FORM_FIELD_PAPERS,
  MC_FORM_FIELD_SETS,
  MC_FORM_FIELD_RECEIVED_EARLIER,
  MC_FORM_FIELD_RECEIVED_DATE,     /* dd/mm/yyyy as typed */
  MC_FORM_FIELD_RECEIVED_TIME,     /* HH:MM as typed */
  MC_FORM_FIELD_BACKDATE_REASON,
  MC_FORM_FIELD_NOTES,
} McFormField;

#define MC_FORM_N_FIELDS (MC_FORM_FIELD_NOTES + 1)

/* How far back a paper dossier taken during an outage may be entered. */
#define MC_INTAKE_FORM_MAX_BACKDATE_DAYS 30
#define MC_INTAKE_FORM_MAX_COPIES        99
#define MC_INTAKE_FORM_MAX_SETS          99

/* One line of the papers checklist. */
typedef struct
{
  char        *name;
  char        *note;       /* nullable: when the catalog says it is needed */
  gboolean     required;   /* the catalog's flag; not enforced, shown */
  gboolean     checked;    /* received */
  McPaperForm  form;
  guint        copies;
} McFormPaper;

/* A file to attach to the dossier once it is saved: a scanned or imported
 * copy of one paper, kept in the data dir's incoming/ folder meanwhile. */
typedef struct
{
  char *path;       /* absolute, in incoming/ */
  char *name;       /* file name shown to people */
  char *paper;      /* the checklist paper it is a copy of */
} McFormAttachment;

#define MC_TYPE_INTAKE_FORM (mc_intake_form_get_type ())
G_DECLARE_FINAL_TYPE (McIntakeForm, mc_intake_form, MC, INTAKE_FORM, GObject)

/* An empty form with a new draft UUID. */
McIntakeForm      *mc_intake_form_new              (void);
/* The form as a draft left it (mc_intake_form_to_json). Members missing
 * from the JSON keep their defaults; only text that is not a JSON object
 * is an error. */
McIntakeForm      *mc_intake_form_new_from_json    (const char    *data,
                                                    GError       **error);

const char        *mc_intake_form_get_uuid         (McIntakeForm  *self);
/* The key the draft is stored under (a draft read back keeps its own). */
void               mc_intake_form_set_uuid         (McIntakeForm  *self,
                                                    const char    *uuid);
/* Pins "now" (tests); NULL: the clock. */
void               mc_intake_form_set_now          (McIntakeForm  *self,
                                                    GDateTime     *now);

/* Text fields (everything but ID kind, papers, sets and the flag). Setting
 * a different value emits "changed" (McFormField). Never NULL: "" when empty. */
const char        *mc_intake_form_get_text         (McIntakeForm  *self,
                                                    McFormField    field);
void               mc_intake_form_set_text         (McIntakeForm  *self,
                                                    McFormField    field,
                                                    const char    *text);

McIdKind           mc_intake_form_get_id_kind      (McIntakeForm  *self);
void               mc_intake_form_set_id_kind      (McIntakeForm  *self,
                                                    McIdKind       kind);
guint              mc_intake_form_get_sets         (McIntakeForm  *self);
void               mc_intake_form_set_sets         (McIntakeForm  *self,
                                                    guint          sets);
gboolean           mc_intake_form_get_received_earlier (McIntakeForm *self);
/* Turning it on with an empty date and time fills them with now. */
void               mc_intake_form_set_received_earlier (McIntakeForm *self,
                                                        gboolean      earlier);

/* Takes the procedure's code and name and rebuilds the checklist from its
 * papers: none ticked, form and copies as the catalog has them. NULL clears. */
void               mc_intake_form_set_procedure    (McIntakeForm  *self,
                                                    McProcedure   *procedure);
const char        *mc_intake_form_get_procedure_name (McIntakeForm *self);

guint              mc_intake_form_get_n_papers     (McIntakeForm  *self);
const McFormPaper *mc_intake_form_get_paper        (McIntakeForm  *self,
                                                    guint          index);
void               mc_intake_form_set_paper_checked (McIntakeForm *self,
                                                     guint         index,
                                                     gboolean      checked);
void               mc_intake_form_set_paper_form   (McIntakeForm  *self,
                                                    guint          index,
                                                    McPaperForm    form);
void               mc_intake_form_set_paper_copies (McIntakeForm  *self,
                                                    guint          index,
                                                    guint          copies);
/* Attachments: in the order added. Adding one ticks its paper (what was
 * scanned was handed in); each change emits "changed" (MC_FORM_FIELD_PAPERS). */
guint              mc_intake_form_get_n_attachments (McIntakeForm *self);
const McFormAttachment *mc_intake_form_get_attachment (McIntakeForm *self,
                                                       guint         index);
void               mc_intake_form_add_attachment   (McIntakeForm  *self,
                                                    const char    *path,
                                                    const char    *name,
                                                    const char    *paper);
void               mc_intake_form_remove_attachment (McIntakeForm *self,
                                                     guint         index);

/* Papers the catalog marks required that are not ticked (a hint, not an error). */
guint              mc_intake_form_count_missing_required (McIntakeForm *self);

/* The message for @field (translated, names the field and says what to
 * do), or NULL when the field is fine. */
char              *mc_intake_form_validate_field   (McIntakeForm  *self,
                                                    McFormField    field);
/* The first field in reading order with a message, or -1. */
int                mc_intake_form_get_first_invalid (McIntakeForm *self);
gboolean           mc_intake_form_is_valid         (McIntakeForm  *self);
/* Nothing typed, chosen or ticked: nothing to keep. */
gboolean           mc_intake_form_is_empty         (McIntakeForm  *self);

/* A new dossier for mc_context_receive_async: dates converted to ISO,
 * optional fields NULL when empty, the ticked papers, the received time
 * when backdated (else unset: the store takes now). NULL with an
 * MC_VALIDATE_ERROR carrying the first field's message when invalid. */
McDossier         *mc_intake_form_to_dossier       (McIntakeForm  *self,
                                                    GError       **error);

/* The draft: everything above, as typed, with the UUID. */
char              *mc_intake_form_to_json          (McIntakeForm  *self);

/* "2/3/1985", "02/03/1985", "02.03.1985", "02-03-1985" and "1985-03-02"
 * → "1985-03-02". NULL if it does not have one of these shapes; the date
 * itself is not checked (31/02 comes back as "….-02-31"). */
char              *mc_intake_form_parse_date       (const char    *text);
/* "9:05", "09:05", "9h05", "09.05" → minutes since midnight; -1 if not a time. */
int                mc_intake_form_parse_time       (const char    *text);

G_END_DECLS
