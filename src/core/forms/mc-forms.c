/* mc-forms.c — the forms of each rule set, McFormDoc, PDF output */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-forms-private.h"

G_DEFINE_FINAL_TYPE (McFormDoc, mc_form_doc, G_TYPE_OBJECT)

static void
mc_form_doc_finalize (GObject *object)
{
  McFormDoc *self = MC_FORM_DOC (object);

  g_free (self->title);
  g_clear_object (&self->dossier);
  g_clear_pointer (&self->station, mc_station_free);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->dossiers, g_ptr_array_unref);
  g_free (self->from);
  g_free (self->to);
  g_free (self->rule);
  g_free (self->number);
  g_free (self->result_place);
  g_free (self->copy_mark);
  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->table_headers);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mc_form_doc_parent_class)->finalize (object);
}

static void
mc_form_doc_class_init (McFormDocClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_form_doc_finalize;
}

static void
mc_form_doc_init (McFormDoc *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_form_block_free);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_form_item_free);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->table_headers = g_hash_table_new (NULL, NULL);
}

static McStation *
station_copy (const McStation *station)
{
  McStation *copy = g_new0 (McStation, 1);

  if (station != NULL)
    {
      copy->agency_code = g_strdup (station->agency_code);
      copy->agency_name = g_strdup (station->agency_name);
      copy->station = station->station;
    }
  return copy;
}

McFormDoc *
mc_form_doc_new_for_dossier (McFormKind        kind,
                             McDossier        *dossier,
                             const McStation  *station,
                             GPtrArray        *events,
                             GError          **error)
{
  g_autoptr(McFormDoc) self = NULL;
  const McFormInfo *info;
  const char *rule;

  g_return_val_if_fail (MC_IS_DOSSIER (dossier), NULL);

  rule = mc_forms_rule_for (mc_dossier_get_received_at (dossier));
  info = mc_forms_info_for_kind (rule, kind);
  if (kind == MC_FORM_LEDGER)
    {
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
                   _("The ledger covers a date range, not one dossier: use “motcua ledger --from DATE --to DATE”"));
      return NULL;
    }
  if (info == NULL)
    {
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE,
                   _("Dossier %s was received under Circular 01/2018, which has no notice of stopping; "
                     "use the form for its rules (see “motcua form --list”)"),
                   mc_dossier_get_code (dossier));
      return NULL;
    }

  self = g_object_new (MC_TYPE_FORM_DOC, NULL);
  self->kind = kind;
  self->default_page = info->default_page;
  self->rule = g_strdup (rule);
  self->number = g_strdup (info->number);
  self->dossier = g_object_ref (dossier);
  self->station = station_copy (station);
  self->events = events != NULL ? g_ptr_array_ref (events) : NULL;
  self->title = g_strdup_printf ("%s — %s", info->title, mc_dossier_get_code (dossier));
  self->build = mc_forms_build_slip;
  if (!mc_forms_slip_check (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

McFormDoc *
mc_form_doc_new_ledger (GPtrArray       *dossiers,
                        const McStation *station,
                        const char      *from,
                        const char      *to)
{
  McFormDoc *self = g_object_new (MC_TYPE_FORM_DOC, NULL);

  self->kind = MC_FORM_LEDGER;
  self->default_page = MC_PAGE_A4_LANDSCAPE;
  self->dossiers = g_ptr_array_ref (dossiers);
  self->station = station_copy (station);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->rule = g_strdup (mc_forms_rule_for (NULL));
  self->number = g_strdup (mc_forms_info_for_kind (self->rule, MC_FORM_LEDGER)->number);
  self->title = g_strdup_printf ("Sổ theo dõi hồ sơ %s – %s", from, to);
  self->build = mc_forms_build_ledger;
  return self;
}

void
mc_form_doc_set_result_place (McFormDoc  *self,
                              const char *place)
{
  g_return_if_fail (MC_IS_FORM_DOC (self));
  g_free (self->result_place);
  self->result_place = g_strdup (place);
}

void
mc_form_doc_set_ledger_entry (McFormDoc *self,
                              int        book,
                              gint64     entry)
{
  g_return_if_fail (MC_IS_FORM_DOC (self));
  self->book = book;
  self->entry = entry;
}

McPageSize
mc_form_doc_get_default_page (McFormDoc *self)
{
  g_return_val_if_fail (MC_IS_FORM_DOC (self), MC_PAGE_A5);
  return self->default_page;
}

void
mc_form_doc_set_copy_mark (McFormDoc  *self,
                           const char *mark)
{
  g_return_if_fail (MC_IS_FORM_DOC (self));
  g_free (self->copy_mark);
  self->copy_mark = g_strdup (mark);
}

const char *
mc_form_copy_mark (McFormKind kind,
                   guint      copy,
                   guint      n_copies)
{
  /* The receipt is handed over and a copy kept: Mẫu 01 is made "thành 02
   * bản", so each says which one it is. The slips are Vietnamese
   * documents whatever the desk's language. */
  if (kind != MC_FORM_RECEIPT || n_copies != 2)
    return NULL;
  return copy == 0 ? "Bản giao người nộp" : "Bản lưu";
}

const char *
mc_form_doc_get_title (McFormDoc *self)
{
  g_return_val_if_fail (MC_IS_FORM_DOC (self), NULL);
  return self->title;
}

guint
mc_form_doc_paginate (McFormDoc *self,
                      double     width,
                      double     height)
{
  g_return_val_if_fail (MC_IS_FORM_DOC (self), 0);

  self->width = width;
  self->height = height;
  if (width > height)
    {
      self->margin_top = self->margin_bottom = self->margin_left = self->margin_right = MC_MM (15);
      self->body_size = 10.5;
    }
  else if (width < 500)
    {
      self->margin_top = self->margin_bottom = MC_MM (15);
      self->margin_left = MC_MM (20);
      self->margin_right = MC_MM (15);
      self->body_size = 11;
    }
  else
    {
      self->margin_top = self->margin_bottom = MC_MM (20);
      self->margin_left = MC_MM (25);
      self->margin_right = MC_MM (20);
      self->body_size = 13;
    }
  self->page_numbers = self->kind == MC_FORM_LEDGER;

  /* Rebuilt each time: the setters may have changed what the blocks say. */
  g_ptr_array_set_size (self->blocks, 0);
  self->build (self);
  mc_form_layout_paginate (self);
  return self->pages->len;
}

void
mc_form_doc_render_page (McFormDoc *self,
                         cairo_t   *cr,
                         guint      page)
{
  g_return_if_fail (MC_IS_FORM_DOC (self));
  mc_form_layout_render (self, cr, page);
}

guint
mc_form_doc_get_n_pages (McFormDoc *self)
{
  return self->pages->len;
}

void
mc_form_doc_get_printable (McFormDoc         *self,
                           cairo_rectangle_t *area)
{
  area->x = self->margin_left;
  area->y = self->margin_top;
  area->width = self->width - self->margin_left - self->margin_right;
  area->height = self->height - self->margin_top - self->margin_bottom;
}

typedef struct
{
  GOutputStream *out;
  GError        *error;
} PdfSink;

static cairo_status_t
pdf_write_cb (void                *data,
              const unsigned char *bytes,
              unsigned int         length)
{
  PdfSink *sink = data;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->out, bytes, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
mc_form_doc_write_pdf (McFormDoc   *self,
                       McPageSize   size,
                       guint        copies,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  PdfSink sink = { 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double w, h;
  guint n;

  g_return_val_if_fail (MC_IS_FORM_DOC (self), FALSE);

  mc_page_size_get (size, &w, &h);
  n = mc_form_doc_paginate (self, w, h);

  /* Replaced atomically: a failed export leaves the old file whole. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  sink.out = G_OUTPUT_STREAM (out);

  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, &sink, w, h);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MotCua Desk " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint c = 0; c < MAX (copies, 1); c++)
    {
      mc_form_doc_set_copy_mark (self, mc_form_copy_mark (self->kind, c, copies));
      for (guint p = 0; p < n; p++)
        {
          mc_form_doc_render_page (self, cr, p);
          cairo_show_page (cr);
        }
    }
  mc_form_doc_set_copy_mark (self, NULL);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != NULL || status != CAIRO_STATUS_SUCCESS)
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* A cancelled close keeps the file that was there. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_IO, _("Could not write “%s”: %s"), path,
                   sink.error != NULL ? sink.error->message : cairo_status_to_string (status));
      g_clear_error (&sink.error);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &sink.error))
    {
      g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_IO, _("Could not write “%s”: %s"), path,
                   sink.error->message);
      g_clear_error (&sink.error);
      return FALSE;
    }
  return TRUE;
}
