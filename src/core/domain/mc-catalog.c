/* mc-catalog.c — the procedure catalog (danh mục thủ tục hành chính)
 *
 * Loading is strict: a catalog replaces what every clerk of the commune sees,
 * so a document not exactly in the format of docs/catalog-format.md is refused
 * as a whole, with a message naming the procedure and the member. */
#define G_LOG_DOMAIN "motcua-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-catalog.h"
#include "mc-catalog-private.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-core-resources.h"
#include "mc-text.h"

#define CATALOG_FORMAT       1
#define CATALOG_RESOURCE     "/io/github/motcua/Desk/core/catalog.json"
#define MAX_PROCESSING_DAYS  365
#define MAX_COPIES           99
#define MAX_CODE_LENGTH      32
#define MAX_NATIONAL_LENGTH  64

struct _McProcedure
{
  GObject    parent_instance;

  char      *code;
  char      *national_code;
  char      *name;
  char      *field;
  guint      processing_days;
  char      *cutoff;
  GPtrArray *fees;         /* McProcedureFee */
  char      *result_place;
  GPtrArray *papers;
  char      *search_key;
};

struct _McCatalog
{
  GObject     parent_instance;

  char       *version;
  gboolean    sample;
  GPtrArray  *items;        /* McProcedure, catalog order */
  GListStore *procedures;   /* the same, as a GListModel */
  GHashTable *codes;        /* upper-cased local and national codes → 1-based index in items */
};

G_DEFINE_FINAL_TYPE (McProcedure, mc_procedure, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (McCatalog, mc_catalog, G_TYPE_OBJECT)

enum { TOP_FORMAT, TOP_VERSION, TOP_SAMPLE, TOP_SOURCE, TOP_NOTE, TOP_PROCEDURES, TOP_N };
enum { PRO_CODE, PRO_NATIONAL_CODE, PRO_NAME, PRO_FIELD, PRO_PROCESSING_DAYS, PRO_CUTOFF,
       PRO_FEES, PRO_FEE, PRO_FEE_NOTE, PRO_RESULT_PLACE, PRO_PAPERS, PRO_N };
enum { PAP_NAME, PAP_FORM, PAP_COPIES, PAP_REQUIRED, PAP_NOTE, PAP_N };

static const Member top_members[TOP_N] = {
  [TOP_FORMAT] = { "format", NUMBER, REQUIRED },
  [TOP_VERSION] = { "version", TEXT, REQUIRED },
  [TOP_SAMPLE] = { "sample", FLAG, OPTIONAL },
  [TOP_SOURCE] = { "source", TEXT, OPTIONAL },
  [TOP_NOTE] = { "note", TEXT, OPTIONAL },
  [TOP_PROCEDURES] = { "procedures", LIST, REQUIRED },
};

static const Member procedure_members[PRO_N] = {
  [PRO_CODE] = { "code", TEXT, REQUIRED },
  [PRO_NATIONAL_CODE] = { "national_code", TEXT, OPTIONAL },
  [PRO_NAME] = { "name", TEXT, REQUIRED },
  [PRO_FIELD] = { "field", TEXT, REQUIRED },
  [PRO_PROCESSING_DAYS] = { "processing_days", NUMBER, REQUIRED },
  [PRO_CUTOFF] = { "cutoff", TEXT, OPTIONAL },
  [PRO_FEES] = { "fees", LIST, OPTIONAL },
  /* The older form of one fee: read as a one-entry "fees" (mc-catalog-fees.c). */
  [PRO_FEE] = { "fee", NUMBER, OPTIONAL },
  [PRO_FEE_NOTE] = { "fee_note", TEXT, OPTIONAL },
  [PRO_RESULT_PLACE] = { "result_place", TEXT, OPTIONAL },
  [PRO_PAPERS] = { "papers", LIST, REQUIRED },
};

static const Member paper_members[PAP_N] = {
  [PAP_NAME] = { "name", TEXT, REQUIRED },
  [PAP_FORM] = { "form", TEXT, REQUIRED },
  [PAP_COPIES] = { "copies", NUMBER, OPTIONAL },
  [PAP_REQUIRED] = { "required", FLAG, OPTIONAL },
  [PAP_NOTE] = { "note", TEXT, OPTIONAL },
};


static const struct
{
  const char *id;
  const char *label;
} paper_forms[] = {
  /* Translators: the form of a paper (bản chính) */
  [MC_PAPER_FORM_ORIGINAL] = { "original", N_("Original") },
  /* Translators: the form of a paper (bản sao có chứng thực) */
  [MC_PAPER_FORM_CERTIFIED_COPY] = { "certified_copy", N_("Certified copy") },
  /* Translators: the form of a paper (bản sao, bản chụp) */
  [MC_PAPER_FORM_COPY] = { "copy", N_("Copy") },
};

static void
required_paper_free (McRequiredPaper *paper)
{
  g_free (paper->name);
  g_free (paper->note);
  g_free (paper);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRequiredPaper, required_paper_free)

/* Local codes ("HT-KS") take letters, digits, "-", "_" and "."; national
 * codes ("1.001193", with provincial suffixes such as "1.004873.000.00.00.H14")
 * start with a digit and take letters, digits and ".". */
static gboolean
is_valid_code (const char *code,
               gboolean    national)
{
  gsize len = strlen (code);

  if (len == 0 || len > (national ? MAX_NATIONAL_LENGTH : MAX_CODE_LENGTH) ||
      !(national ? g_ascii_isdigit (code[0]) : g_ascii_isalnum (code[0])))
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && (national || (*p != '-' && *p != '_')))
      return FALSE;
  return TRUE;
}

/* "HH:MM", 00:00 to 23:59; two digits compare like the numbers they write. */
static gboolean
is_valid_cutoff (const char *cutoff)
{
  return strlen (cutoff) == 5 && cutoff[2] == ':' &&
         strspn (cutoff, "0123456789") == 2 && strspn (cutoff + 3, "0123456789") == 2 &&
         strncmp (cutoff, "24", 2) < 0 && cutoff[3] <= '5';
}

/* The code, when it is valid, so that messages about other members name it. */
static const char *
peek_code (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "code");

  if (node == NULL || !mc_catalog_node_holds (node, TEXT) || !is_valid_code (json_node_get_string (node), FALSE))
    return NULL;
  return json_node_get_string (node);
}

static McRequiredPaper *
paper_from_json (JsonNode    *node,
                 const Where *where,
                 GError     **error)
{
  g_autoptr(McRequiredPaper) paper = g_new0 (McRequiredPaper, 1);
  JsonNode *m[PAP_N];
  const char *form;
  gint64 copies;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mc_catalog_set_invalid (error, where, _("the entry must be a JSON object")), NULL;
  if (!mc_catalog_read_members (json_node_get_object (node), paper_members, PAP_N, where, m, error))
    return NULL;

  paper->name = mc_catalog_dup_text (m[PAP_NAME]);
  paper->note = mc_catalog_dup_text (m[PAP_NOTE]);
  paper->required = m[PAP_REQUIRED] != NULL ? json_node_get_boolean (m[PAP_REQUIRED]) : TRUE;

  form = json_node_get_string (m[PAP_FORM]);
  if (!mc_paper_form_from_string (form, &paper->form))
    return mc_catalog_set_invalid (error, where,
                                   _("“%s” must be “original”, “certified_copy” or “copy”, not “%s”"),
                                   "form", form), NULL;

  copies = m[PAP_COPIES] != NULL ? json_node_get_int (m[PAP_COPIES]) : 1;
  if (copies < 1 || copies > MAX_COPIES)
    return mc_catalog_set_invalid (error, where, _("“%s” must be from 1 to %d"), "copies", MAX_COPIES), NULL;
  paper->copies = (guint) copies;

  return g_steal_pointer (&paper);
}

static gboolean
procedure_read_values (McProcedure *self,
                       JsonNode   **m,
                       const Where *where,
                       GError     **error)
{
  gint64 days = json_node_get_int (m[PRO_PROCESSING_DAYS]);

  self->code = mc_catalog_dup_text (m[PRO_CODE]);
  if (!is_valid_code (self->code, FALSE))
    return mc_catalog_set_invalid (error, where,
                                   _("“%s” may contain only Latin letters without accents, digits, “-”, “_” and “.”, "
                                     "at most %d characters, not “%s”"),
                                   "code", MAX_CODE_LENGTH, self->code);

  self->national_code = mc_catalog_dup_text (m[PRO_NATIONAL_CODE]);
  if (self->national_code != NULL && !is_valid_code (self->national_code, TRUE))
    return mc_catalog_set_invalid (error, where,
                                   _("“%s” must be a code of the national procedure database such as 1.001193, not “%s”"),
                                   "national_code", self->national_code);

  if (days < 0 || days > MAX_PROCESSING_DAYS)
    return mc_catalog_set_invalid (error, where, _("“%s” must be from 0 to %d working days"),
                                   "processing_days", MAX_PROCESSING_DAYS);
  self->processing_days = (guint) days;

  self->cutoff = mc_catalog_dup_text (m[PRO_CUTOFF]);
  if (self->cutoff != NULL && !is_valid_cutoff (self->cutoff))
    return mc_catalog_set_invalid (error, where, _("“%s” must be a time written HH:MM, such as 15:00, not “%s”"),
                                   "cutoff", self->cutoff);

  self->name = mc_catalog_dup_text (m[PRO_NAME]);
  self->field = mc_catalog_dup_text (m[PRO_FIELD]);
  self->result_place = mc_catalog_dup_text (m[PRO_RESULT_PLACE]);
  self->search_key = mc_text_fold (self->name);
  return TRUE;
}

static McProcedure *
procedure_from_json (JsonNode *node,
                     guint     index,
                     GError  **error)
{
  g_autoptr(McProcedure) self = g_object_new (MC_TYPE_PROCEDURE, NULL);
  Where where = { index, NULL, 0 };
  JsonNode *m[PRO_N];
  JsonArray *papers;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mc_catalog_set_invalid (error, &where, _("the entry must be a JSON object")), NULL;

  where.code = peek_code (json_node_get_object (node));
  if (!mc_catalog_read_members (json_node_get_object (node), procedure_members, PRO_N, &where, m, error) ||
      !procedure_read_values (self, m, &where, error))
    return NULL;
  g_clear_pointer (&self->fees, g_ptr_array_unref);
  self->fees = mc_catalog_read_fees (m[PRO_FEES], json_object_has_member (json_node_get_object (node), "fee"),
                                     m[PRO_FEE], m[PRO_FEE_NOTE], &where, error);
  if (self->fees == NULL)
    return NULL;

  papers = json_node_get_array (m[PRO_PAPERS]);
  for (guint i = 0; i < json_array_get_length (papers); i++)
    {
      Where at = { index, where.code, i + 1, 0 };
      McRequiredPaper *paper = paper_from_json (json_array_get_element (papers, i), &at, error);

      if (paper == NULL)
        return NULL;
      g_ptr_array_add (self->papers, paper);
    }

  return g_steal_pointer (&self);
}


static JsonNode *
paper_to_json (const McRequiredPaper *paper)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "name", paper->name);
  json_object_set_string_member (object, "form", mc_paper_form_to_string (paper->form));
  json_object_set_int_member (object, "copies", paper->copies);
  json_object_set_boolean_member (object, "required", paper->required);
  mc_catalog_set_nullable_string (object, "note", paper->note);
  json_node_take_object (node, object);
  return node;
}

static void
mc_procedure_finalize (GObject *object)
{
  McProcedure *self = (McProcedure *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->national_code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->cutoff, g_free);
  g_clear_pointer (&self->fees, g_ptr_array_unref);
  g_clear_pointer (&self->result_place, g_free);
  g_clear_pointer (&self->papers, g_ptr_array_unref);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (mc_procedure_parent_class)->finalize (object);
}

static void
mc_procedure_class_init (McProcedureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_procedure_finalize;
}

static void
mc_procedure_init (McProcedure *self)
{
  self->fees = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_fee_free);
  self->papers = g_ptr_array_new_with_free_func ((GDestroyNotify) required_paper_free);
}

const char *
mc_paper_form_to_string (McPaperForm form)
{
  g_return_val_if_fail ((guint) form < G_N_ELEMENTS (paper_forms), NULL);
  return paper_forms[form].id;
}

gboolean
mc_paper_form_from_string (const char  *str,
                           McPaperForm *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (paper_forms); i++)
    {
      if (g_strcmp0 (str, paper_forms[i].id) == 0)
        {
          *out = (McPaperForm) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mc_paper_form_get_label (McPaperForm form)
{
  g_return_val_if_fail ((guint) form < G_N_ELEMENTS (paper_forms), NULL);
  return _(paper_forms[form].label);
}

/* Plain getters of what the catalog file said. */
#define PROCEDURE_GETTER(Type, member, fallback)               \
  Type                                                         \
  mc_procedure_get_##member (McProcedure *self)                \
  {                                                            \
    g_return_val_if_fail (MC_IS_PROCEDURE (self), (fallback)); \
    return self->member;                                       \
  }

PROCEDURE_GETTER (const char *, code, NULL)
PROCEDURE_GETTER (const char *, national_code, NULL)
PROCEDURE_GETTER (const char *, name, NULL)
PROCEDURE_GETTER (const char *, field, NULL)
PROCEDURE_GETTER (guint, processing_days, 0)
PROCEDURE_GETTER (const char *, cutoff, NULL)
PROCEDURE_GETTER (GPtrArray *, fees, NULL)
PROCEDURE_GETTER (const char *, result_place, NULL)
PROCEDURE_GETTER (GPtrArray *, papers, NULL)
PROCEDURE_GETTER (const char *, search_key, NULL)

JsonNode *
mc_procedure_to_json (McProcedure *self)
{
  JsonObject *object;
  JsonArray *papers;
  JsonNode *node;

  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "code", self->code);
  mc_catalog_set_nullable_string (object, "national_code", self->national_code);
  json_object_set_string_member (object, "name", self->name);
  json_object_set_string_member (object, "field", self->field);
  json_object_set_int_member (object, "processing_days", self->processing_days);
  mc_catalog_set_nullable_string (object, "cutoff", self->cutoff);
  json_object_set_member (object, "fees", mc_procedure_fees_to_json (self->fees));
  mc_catalog_set_nullable_string (object, "result_place", self->result_place);

  papers = json_array_sized_new (self->papers->len);
  for (guint i = 0; i < self->papers->len; i++)
    json_array_add_element (papers, paper_to_json (g_ptr_array_index (self->papers, i)));
  json_object_set_array_member (object, "papers", papers);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* Local and national codes share one namespace, as mc_catalog_lookup() takes either. */
static gboolean
catalog_add_code (McCatalog   *self,
                  const char  *code,
                  const Where *where,
                  GError     **error)
{
  g_autofree char *key = g_ascii_strup (code, -1);
  guint other = GPOINTER_TO_UINT (g_hash_table_lookup (self->codes, key));

  if (other != 0)
    return mc_catalog_set_invalid (error, where, _("the code “%s” is already used by procedure %u"), code, other);
  g_hash_table_insert (self->codes, g_steal_pointer (&key), GUINT_TO_POINTER (where->index));
  return TRUE;
}

static gboolean
catalog_load (McCatalog *self,
              JsonNode  *root,
              GError   **error)
{
  JsonNode *m[TOP_N];
  JsonNode *format;
  JsonArray *procedures;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return mc_catalog_set_invalid (error, NULL, _("the document must be a JSON object"));

  /* Before anything else: a newer format may well have other members. */
  format = json_object_get_member (json_node_get_object (root), "format");
  if (format != NULL && mc_catalog_node_holds (format, NUMBER) && json_node_get_int (format) != CATALOG_FORMAT)
    return mc_catalog_set_invalid (error, NULL,
                                   _("format %d is not supported; this version of MotCua Desk reads format %d"),
                                   (int) CLAMP (json_node_get_int (format), G_MININT, G_MAXINT), CATALOG_FORMAT);
  if (!mc_catalog_read_members (json_node_get_object (root), top_members, TOP_N, NULL, m, error))
    return FALSE;

  self->version = mc_catalog_dup_text (m[TOP_VERSION]);
  self->sample = m[TOP_SAMPLE] != NULL && json_node_get_boolean (m[TOP_SAMPLE]);
  procedures = json_node_get_array (m[TOP_PROCEDURES]);
  if (json_array_get_length (procedures) == 0)
    return mc_catalog_set_invalid (error, NULL, _("“%s” must list at least one procedure"), "procedures");

  for (guint i = 0; i < json_array_get_length (procedures); i++)
    {
      McProcedure *procedure = procedure_from_json (json_array_get_element (procedures, i), i + 1, error);
      Where where = { i + 1, procedure != NULL ? procedure->code : NULL, 0 };

      if (procedure == NULL)
        return FALSE;
      g_ptr_array_add (self->items, procedure);
      if (!catalog_add_code (self, procedure->code, &where, error) ||
          (procedure->national_code != NULL &&
           !catalog_add_code (self, procedure->national_code, &where, error)))
        return FALSE;
    }

  g_list_store_splice (self->procedures, 0, 0, self->items->pdata, self->items->len);
  g_debug ("Loaded catalog %s: %u procedures%s", self->version, self->items->len,
           self->sample ? " (sample)" : "");
  return TRUE;
}

static gboolean
procedure_matches (McProcedure *procedure,
                   char       **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && strstr (procedure->search_key, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
mc_catalog_finalize (GObject *object)
{
  McCatalog *self = (McCatalog *) object;

  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_object (&self->procedures);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->version, g_free);

  G_OBJECT_CLASS (mc_catalog_parent_class)->finalize (object);
}

static void
mc_catalog_class_init (McCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_catalog_finalize;
}

static void
mc_catalog_init (McCatalog *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->procedures = g_list_store_new (MC_TYPE_PROCEDURE);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

McCatalog *
mc_catalog_new_from_data (const char *data,
                          gssize      length,
                          GError    **error)
{
  g_autoptr(McCatalog) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = mc_json_parse (data, length, MC_LIMIT_CATALOG_SIZE, &local_error);
  if (root == NULL)
    {
      g_set_error (error, MC_CATALOG_ERROR, MC_CATALOG_ERROR_PARSE,
                   /* Translators: %s is the JSON reader's own explanation */
                   _("The catalog is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  self = g_object_new (MC_TYPE_CATALOG, NULL);
  if (!catalog_load (self, root, error))
    return NULL;
  return g_steal_pointer (&self);
}

GBytes *
mc_catalog_get_bundled_data (void)
{
  g_autoptr(GError) error = NULL;
  /* Our own GResource, not the global registry: naming it keeps it linked in. */
  GBytes *bytes = g_resource_lookup_data (mc_core_get_resource (), CATALOG_RESOURCE,
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  if (bytes == NULL)
    g_critical ("Bundled catalog %s missing: %s", CATALOG_RESOURCE, error->message);
  return bytes;
}

McCatalog *
mc_catalog_new_bundled (void)
{
  g_autoptr(GBytes) bytes = mc_catalog_get_bundled_data ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : "";
  McCatalog *self = mc_catalog_new_from_data (data, size, &error);

  if (self != NULL)
    return self;

  /* Only a broken build gets here (the tests load the bundled file):
   * an empty sample catalog keeps the desk usable. */
  g_critical ("Bundled catalog is invalid: %s", error->message);
  self = g_object_new (MC_TYPE_CATALOG, NULL);
  self->version = g_strdup ("");
  self->sample = TRUE;
  return self;
}

const char *
mc_catalog_get_version (McCatalog *self)
{
  g_return_val_if_fail (MC_IS_CATALOG (self), NULL);
  return self->version;
}

gboolean
mc_catalog_is_sample (McCatalog *self)
{
  g_return_val_if_fail (MC_IS_CATALOG (self), FALSE);
  return self->sample;
}

GListModel *
mc_catalog_get_procedures (McCatalog *self)
{
  g_return_val_if_fail (MC_IS_CATALOG (self), NULL);
  return G_LIST_MODEL (self->procedures);
}

McProcedure *
mc_catalog_lookup (McCatalog  *self,
                   const char *code)
{
  g_autofree char *key = NULL;
  guint index;

  g_return_val_if_fail (MC_IS_CATALOG (self), NULL);

  if (code == NULL || *code == '\0')
    return NULL;

  key = g_ascii_strup (code, -1);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->codes, key));
  return index > 0 ? g_ptr_array_index (self->items, index - 1) : NULL;
}

GPtrArray *
mc_catalog_search (McCatalog  *self,
                   const char *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GPtrArray *results;

  g_return_val_if_fail (MC_IS_CATALOG (self), NULL);

  folded = mc_text_fold (query != NULL ? query : "");
  words = g_strsplit (folded, " ", -1);
  results = g_ptr_array_new_with_free_func (g_object_unref);

  /* Names that start with the query first, then the others; each in catalog order. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->items->len; i++)
      {
        McProcedure *procedure = g_ptr_array_index (self->items, i);
        gboolean prefix = folded[0] != '\0' && g_str_has_prefix (procedure->search_key, folded);

        if (prefix == (pass == 0) && procedure_matches (procedure, words))
          g_ptr_array_add (results, g_object_ref (procedure));
      }
  return results;
}
