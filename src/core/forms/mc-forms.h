/* mc-forms.h — the one-stop forms, laid out once for screen, PDF and print
 *
 * One renderer (cairo + Pango) serves the print preview, PDF export and
 * GtkPrintOperation: a McFormDoc is paginated for a page size in points and
 * each page is drawn on any cairo_t. Forms are versioned by the rules in
 * force on the dossier's receipt date: Circular 01/2018/TT-VPCP before
 * 1 July 2025, Circular 03/2025/TT-VPCP from then on (see docs/forms.md).
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "mc-dossier.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_FORMS_ERROR (mc_forms_error_quark ())
GQuark mc_forms_error_quark (void);

typedef enum
{
  MC_FORMS_ERROR_UNKNOWN_FORM,   /* no such form number in the rules in force */
  MC_FORMS_ERROR_NOT_APPLICABLE, /* e.g. a refusal for a dossier that was not refused */
  MC_FORMS_ERROR_IO,
} McFormsError;

typedef enum
{
  MC_FORM_RECEIPT,        /* Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
  MC_FORM_SUPPLEMENT,     /* Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
  MC_FORM_REFUSAL,        /* Phiếu từ chối tiếp nhận giải quyết hồ sơ */
  MC_FORM_APOLOGY,        /* Phiếu xin lỗi và hẹn lại ngày trả kết quả (/ đề nghị gia hạn) */
  MC_FORM_STOP_NOTICE,    /* Thông báo dừng giải quyết hồ sơ (03/2025 only) */
  MC_FORM_CONTROL_SLIP,   /* Phiếu kiểm soát quá trình giải quyết hồ sơ */
  MC_FORM_LEDGER,         /* Sổ theo dõi hồ sơ */
} McFormKind;

typedef enum
{
  MC_PAGE_A5,
  MC_PAGE_A4,
  MC_PAGE_A4_LANDSCAPE,
} McPageSize;

typedef struct
{
  const char *number;      /* "01", "02", … as numbered by the circular */
  McFormKind  kind;
  const char *title;       /* Vietnamese title, as printed */
  McPageSize  default_page;
} McFormInfo;

/* The forms of the rules in force at @at (NULL: now). */
const McFormInfo *mc_forms_list         (GDateTime   *at,
                                         guint       *n_forms);
/* "tt01-2018" or "tt03-2025". */
const char       *mc_forms_rule_for     (GDateTime   *at);
const McFormInfo *mc_forms_lookup       (GDateTime   *at,
                                         const char  *number,
                                         GError     **error);

/* Page size in points (1/72 in). */
void              mc_page_size_get      (McPageSize   size,
                                         double      *width,
                                         double      *height);

#define MC_TYPE_FORM_DOC (mc_form_doc_get_type ())
G_DECLARE_FINAL_TYPE (McFormDoc, mc_form_doc, MC, FORM_DOC, GObject)

/* A slip for one dossier. @events (element type McEvent, nullable) are its
 * history, for the forms made from the dossier's actions. */
McFormDoc  *mc_form_doc_new_for_dossier (McFormKind       kind,
                                         McDossier       *dossier,
                                         const McStation *station,
                                         GPtrArray       *events,
                                         GError         **error);
/* The ledger of @dossiers (element type McDossier, in ledger order)
 * received from @from to @to (YYYY-MM-DD). */
McFormDoc  *mc_form_doc_new_ledger      (GPtrArray       *dossiers,
                                         const McStation *station,
                                         const char      *from,
                                         const char      *to);

/* The same, for a stored dossier, filled with everything the store knows:
 * the station, the history, the ledger book and entry, and the catalog's
 * place for collecting the result. The CLI and the print dialog use it. */
McFormDoc  *mc_form_doc_new_for_stored  (McStore         *store,
                                         McFormKind       kind,
                                         McDossier       *dossier,
                                         GError         **error);

McPageSize  mc_form_doc_get_default_page (McFormDoc *self);
/* The title written into the PDF's metadata ("Giấy tiếp nhận … — CODE"). */
const char *mc_form_doc_get_title       (McFormDoc *self);
/* Where the result is collected, for Mẫu 01: the procedure's result_place
 * from the catalog in use (nullable: "Bộ phận Một cửa – <unit>"). */
void        mc_form_doc_set_result_place (McFormDoc  *self,
                                          const char *place);
/* The dossier's place in the ledger, for Mẫu 01 ("Quyển số: @book Số thứ
 * tự: @entry"), from mc_store_get_ledger_entry(); 0: left blank to fill in. */
void        mc_form_doc_set_ledger_entry (McFormDoc  *self,
                                          int         book,
                                          gint64      entry);
/* Lays the document out for pages of @width × @height points; returns the
 * number of pages. Long names, addresses and paper lists wrap and flow on. */
guint       mc_form_doc_paginate        (McFormDoc  *self,
                                         double      width,
                                         double      height);
/* Draws page @page (from 0) of the last pagination on @cr, whose origin is
 * the page's top-left corner, in points. */
void        mc_form_doc_render_page     (McFormDoc  *self,
                                         cairo_t    *cr,
                                         guint       page);
/* Written at the top right of every page until changed (NULL: none). */
void        mc_form_doc_set_copy_mark   (McFormDoc  *self,
                                         const char *mark);
/* What copy @copy (from 0) of @n_copies of a @kind form says it is, or
 * NULL: "Bản giao người nộp" / "Bản lưu" for the two copies of a receipt. */
const char *mc_form_copy_mark           (McFormKind  kind,
                                         guint       copy,
                                         guint       n_copies);
/* Paginates for @size and writes a PDF with @copies copies (≥ 1), each
 * marked with mc_form_copy_mark (). */
gboolean    mc_form_doc_write_pdf       (McFormDoc   *self,
                                         McPageSize   size,
                                         guint        copies,
                                         const char  *path,
                                         GError     **error);

/* The ledger as CSV (UTF-8 with a byte-order mark, so spreadsheet software
 * reads the Vietnamese right; RFC 4180 quoting). */
gboolean    mc_ledger_write_csv         (GPtrArray      *dossiers,
                                         GOutputStream  *out,
                                         GError        **error);

G_END_DECLS
