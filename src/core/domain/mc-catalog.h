/* mc-catalog.h — the procedure catalog (danh mục thủ tục hành chính)
 *
 * A catalog is a JSON document (format: docs/catalog-format.md). The bundled
 * one is a sample compiled into the library as a GResource; a replacement
 * imported by the clerk or refreshed from the server is kept in the store.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MC_CATALOG_ERROR (mc_catalog_error_quark ())
GQuark mc_catalog_error_quark (void);

typedef enum
{
  MC_CATALOG_ERROR_PARSE,     /* not JSON */
  MC_CATALOG_ERROR_INVALID,   /* JSON, but not a valid catalog (message names the procedure and field) */
} McCatalogError;

/* The form of a paper as Mẫu 01 lists it. */
typedef enum
{
  MC_PAPER_FORM_ORIGINAL,        /* bản chính */
  MC_PAPER_FORM_CERTIFIED_COPY,  /* bản sao có chứng thực */
  MC_PAPER_FORM_COPY,            /* bản sao / bản chụp */
} McPaperForm;

const char *mc_paper_form_to_string   (McPaperForm form);   /* "original", "certified_copy", "copy" */
gboolean    mc_paper_form_from_string (const char *str, McPaperForm *out);
const char *mc_paper_form_get_label   (McPaperForm form);   /* translated: "Original", … */

typedef struct
{
  char        *name;
  McPaperForm  form;      /* the form normally required */
  guint        copies;    /* number of copies normally required (≥ 1) */
  gboolean     required;  /* FALSE for papers needed only in some cases */
  char        *note;      /* nullable: when it is needed */
} McRequiredPaper;

/* One fee a procedure normally collects (lệ phí or phí). */
typedef struct
{
  char   *name;       /* "Lệ phí đăng ký kết hôn" */
  gint64  amount;     /* đồng; 0 = free; -1 = set by the province (see note) */
  char   *note;       /* nullable: how it is counted or who sets it */
  char   *exemption;  /* nullable: who is exempt (miễn) */
} McProcedureFee;

#define MC_TYPE_PROCEDURE (mc_procedure_get_type ())
G_DECLARE_FINAL_TYPE (McProcedure, mc_procedure, MC, PROCEDURE, GObject)

const char *mc_procedure_get_code            (McProcedure *self); /* local code, unique in the catalog */
const char *mc_procedure_get_national_code   (McProcedure *self); /* nullable: code in the national database, e.g. "1.001193" */
const char *mc_procedure_get_name            (McProcedure *self);
const char *mc_procedure_get_field           (McProcedure *self); /* lĩnh vực, e.g. "Hộ tịch" */
guint       mc_procedure_get_processing_days (McProcedure *self); /* working days; 0 = same day */
const char *mc_procedure_get_cutoff          (McProcedure *self); /* nullable "HH:MM" */
/* Element type McProcedureFee, in catalog order; owned by the procedure.
 * Empty when the procedure is free. */
GPtrArray  *mc_procedure_get_fees            (McProcedure *self);
const char *mc_procedure_get_result_place    (McProcedure *self); /* nullable: where the result is collected */
/* Element type McRequiredPaper; owned by the procedure. */
GPtrArray  *mc_procedure_get_papers          (McProcedure *self);
/* Folded name (mc_text_fold) for type-ahead matching. */
const char *mc_procedure_get_search_key      (McProcedure *self);

#define MC_TYPE_CATALOG (mc_catalog_get_type ())
G_DECLARE_FINAL_TYPE (McCatalog, mc_catalog, MC, CATALOG, GObject)

McCatalog   *mc_catalog_new_from_data (const char  *data,
                                       gssize       length,
                                       GError     **error);
McCatalog   *mc_catalog_new_bundled   (void);   /* never fails: the bundled file is checked by the tests */
/* The bundled JSON text itself. */
GBytes      *mc_catalog_get_bundled_data (void);

const char  *mc_catalog_get_version   (McCatalog   *self);
gboolean     mc_catalog_is_sample     (McCatalog   *self);
/* A GListModel of McProcedure, in catalog order. */
GListModel  *mc_catalog_get_procedures(McCatalog   *self);
McProcedure *mc_catalog_lookup        (McCatalog   *self,
                                       const char  *code);   /* local or national code; transfer none; nullable */
/* Procedures whose folded name contains every folded word of @query, best first
 * (prefix of the name before other matches, then catalog order). Element type McProcedure. */
GPtrArray   *mc_catalog_search        (McCatalog   *self,
                                       const char  *query);

/* JSON of one procedure, in the catalog format (for `motcua catalog list --json`). */
JsonNode    *mc_procedure_to_json     (McProcedure *self);

G_END_DECLS
