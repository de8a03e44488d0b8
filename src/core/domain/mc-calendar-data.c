/* mc-calendar-data.c — the calendar's year tables, and the official
 * holiday data read into them (docs/holidays-format.md)
 *
 * The document is checked strictly, once, here: unknown members, wrong
 * types, dates outside their year, a date listed twice are all refused with
 * the path of the entry.
 */
#define G_LOG_DOMAIN "motcua-calendar"

#include "mc-calendar-private.h"
#include "mc-json.h"
#include "mc-limits.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#define DATA_FORMAT_VERSION 1

G_DEFINE_QUARK (mc-calendar-error-quark, mc_calendar_error)

static const char *const day_kind_names[] = {
  [MC_DAY_KIND_HOLIDAY] = "holiday",
  [MC_DAY_KIND_DAY_OFF] = "day_off",
  [MC_DAY_KIND_COMPENSATORY] = "compensatory",
  [MC_DAY_KIND_MAKEUP_WORKDAY] = "makeup_workday",
};

McCalendarDay *
mc_calendar_day_new (guint32     julian,
                     McDayKind   kind,
                     const char *name,
                     gboolean    official)
{
  McCalendarDay *day = g_new0 (McCalendarDay, 1);

  g_date_clear (&day->date, 1);
  g_date_set_julian (&day->date, julian);
  day->kind = kind;
  day->name = g_strdup (name);
  day->official = official;
  return day;
}

int
mc_calendar_day_compare (gconstpointer a,
                         gconstpointer b)
{
  const McCalendarDay *da = *(McCalendarDay * const *) a;
  const McCalendarDay *db = *(McCalendarDay * const *) b;

  return g_date_compare (&da->date, &db->date);
}

McCalendarYear *
mc_calendar_year_new (int year)
{
  McCalendarYear *yd = g_new0 (McCalendarYear, 1);

  yd->year = year;
  yd->days = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_day_free);
  yd->by_julian = g_hash_table_new (NULL, NULL);
  return yd;
}

void
mc_calendar_year_free (McCalendarYear *yd)
{
  g_clear_pointer (&yd->by_julian, g_hash_table_unref);
  g_clear_pointer (&yd->days, g_ptr_array_unref);
  g_clear_pointer (&yd->source, g_free);
  g_free (yd);
}

GHashTable *
mc_calendar_year_table_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mc_calendar_year_free);
}

gboolean
mc_calendar_is_weekend_julian (guint32 julian)
{
  /* GDate day 1 (0001-01-01) is a Monday. */
  return (julian - 1) % 7 >= 5;
}

guint32
mc_calendar_julian_of (int        year,
                       GDateMonth month,
                       int        day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

void
mc_calendar_day_free (McCalendarDay *day)
{
  if (day != NULL)
    g_free (day->name);
  g_free (day);
}

const char *
mc_day_kind_to_string (McDayKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (day_kind_names), NULL);

  return day_kind_names[kind];
}

static gboolean G_GNUC_PRINTF (3, 4)
set_invalid (GError    **error,
             const char *path,
             const char *format,
             ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA,
               _("Invalid holiday data at %s: %s. The data was not loaded; "
                 "the previous holiday table stays in use."),
               path, detail);
  return FALSE;
}

/* What an object may hold; required strings must not be empty. */
typedef struct
{
  const char  *name;
  JsonNodeType node_type;
  GType        value_type;  /* for JSON_NODE_VALUE */
  gboolean     required;
  const char  *expected;    /* for the error message */
} Member;

static const Member document_members[] = {
  { "version", JSON_NODE_VALUE, G_TYPE_INT64, TRUE, N_("a whole number") },
  { "updated", JSON_NODE_VALUE, G_TYPE_STRING, FALSE, N_("a string") },
  { "comment", JSON_NODE_VALUE, G_TYPE_STRING, FALSE, N_("a string") },
  { "years", JSON_NODE_OBJECT, G_TYPE_INVALID, TRUE, N_("an object") }, { NULL }
};
static const Member year_members[] = {
  { "source", JSON_NODE_VALUE, G_TYPE_STRING, TRUE, N_("a string") },
  { "verified", JSON_NODE_VALUE, G_TYPE_BOOLEAN, TRUE, N_("true or false") },
  { "note", JSON_NODE_VALUE, G_TYPE_STRING, FALSE, N_("a string") },
  { "days", JSON_NODE_ARRAY, G_TYPE_INVALID, TRUE, N_("an array") }, { NULL }
};
static const Member day_members[] = {
  { "date", JSON_NODE_VALUE, G_TYPE_STRING, TRUE, N_("a string") },
  { "kind", JSON_NODE_VALUE, G_TYPE_STRING, TRUE, N_("a string") },
  { "name", JSON_NODE_VALUE, G_TYPE_STRING, TRUE, N_("a string") },
  { "note", JSON_NODE_VALUE, G_TYPE_STRING, FALSE, N_("a string") }, { NULL }
};

/* Checks that @node is an object holding only @schema's members, each of
 * the right kind. */
static gboolean
check_object (JsonNode     *node,
              const Member *schema,
              const char   *path,
              JsonObject  **out,
              GError      **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, path, _("must be an object"));
  object = json_node_get_object (node);

  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const Member *m = schema;

      while (m->name != NULL && !g_str_equal (m->name, l->data))
        m++;
      if (m->name == NULL)
        return set_invalid (error, path, _("unknown member “%s”"), (char *) l->data);
    }

  for (const Member *m = schema; m->name != NULL; m++)
    {
      JsonNode *member = json_object_get_member (object, m->name);

      if (member == NULL && m->required)
        return set_invalid (error, path, _("“%s” is missing"), m->name);
      if (member != NULL
          && (json_node_get_node_type (member) != m->node_type
              || (m->node_type == JSON_NODE_VALUE
                  && json_node_get_value_type (member) != m->value_type)))
        return set_invalid (error, path, _("“%s” must be %s"), m->name, _(m->expected));
      if (member != NULL && m->required && m->value_type == G_TYPE_STRING
          && *json_node_get_string (member) == '\0')
        return set_invalid (error, path, _("“%s” must not be empty"), m->name);
    }

  *out = object;
  return TRUE;
}

guint32
mc_calendar_parse_iso_date (const char *text)
{
  const char *digits = "0123456789";

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' || strspn (text, digits) != 4
      || strspn (text + 5, digits) != 2 || strspn (text + 8, digits) != 2
      || !g_date_valid_dmy (atoi (text + 8), atoi (text + 5), atoi (text)))
    return 0;
  return mc_calendar_julian_of (atoi (text), atoi (text + 5), atoi (text + 8));
}

static gboolean
parse_day (JsonNode   *node,
           McCalendarYear   *yd,
           const char *path,
           GError    **error)
{
  const char *date_text, *kind_text;
  McCalendarDay *day;
  JsonObject *object;
  guint kind = 0;
  guint32 julian;

  if (!check_object (node, day_members, path, &object, error))
    return FALSE;
  date_text = json_object_get_string_member (object, "date");
  kind_text = json_object_get_string_member (object, "kind");

  julian = mc_calendar_parse_iso_date (date_text);
  if (julian == 0)
    return set_invalid (error, path, _("“%s” is not a date in the form YYYY-MM-DD"), date_text);
  if (atoi (date_text) != yd->year)
    return set_invalid (error, path, _("%s is not in the year %d it is listed under"),
                        date_text, yd->year);
  while (kind < G_N_ELEMENTS (day_kind_names) && !g_str_equal (kind_text, day_kind_names[kind]))
    kind++;
  if (kind == G_N_ELEMENTS (day_kind_names))
    return set_invalid (error, path,
                        _("“kind” must be holiday, day_off, compensatory or "
                          "makeup_workday, not “%s”"), kind_text);
  if (kind == MC_DAY_KIND_MAKEUP_WORKDAY && !mc_calendar_is_weekend_julian (julian))
    return set_invalid (error, path,
                        _("%s is a make-up working day but not a Saturday or Sunday"),
                        date_text);

  day = g_hash_table_lookup (yd->by_julian, GUINT_TO_POINTER (julian));
  if (day != NULL)
    return set_invalid (error, path, _("%s is listed twice (also as “%s”)"),
                        date_text, day->name);

  day = mc_calendar_day_new (julian, (McDayKind) kind, json_object_get_string_member (object, "name"), TRUE);
  g_ptr_array_add (yd->days, day);
  g_hash_table_insert (yd->by_julian, GUINT_TO_POINTER (julian), day);
  return TRUE;
}

/* Parses years.@key into @table. */
static gboolean
parse_year (const char *key,
            JsonNode   *node,
            GHashTable *table,
            GError    **error)
{
  g_autofree char *path = g_strdup_printf ("years.%s", key);
  JsonObject *object;
  JsonArray *days;
  McCalendarYear *yd;
  int year = atoi (key);

  if (strlen (key) != 4 || strspn (key, "0123456789") != 4)
    return set_invalid (error, path, _("the key must be a four-digit year"));
  if (year < MC_CALENDAR_MIN_YEAR || year > MC_CALENDAR_MAX_YEAR)
    return set_invalid (error, path, _("the year must be between %d and %d"),
                        MC_CALENDAR_MIN_YEAR, MC_CALENDAR_MAX_YEAR);
  if (!check_object (node, year_members, path, &object, error))
    return FALSE;
  days = json_object_get_array_member (object, "days");
  if (json_array_get_length (days) == 0)
    return set_invalid (error, path, _("“days” must be a non-empty array"));

  yd = mc_calendar_year_new (year);
  yd->source = g_strdup (json_object_get_string_member (object, "source"));
  yd->verified = json_object_get_boolean_member (object, "verified");
  g_hash_table_insert (table, GINT_TO_POINTER (year), yd);

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      g_autofree char *day_path = g_strdup_printf ("%s.days[%u]", path, i);

      if (!parse_day (json_array_get_element (days, i), yd, day_path, error))
        return FALSE;
    }
  g_ptr_array_sort (yd->days, mc_calendar_day_compare);
  return TRUE;
}

gboolean
mc_calendar_parse_document (const char *data,
                            gssize      length,
                            GHashTable *table,
                            GDate      *out_updated,
                            GError    **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GList) keys = NULL;
  JsonObject *root, *years;
  gint64 version;

  document = mc_json_parse (data, length, MC_LIMIT_HOLIDAYS_SIZE, &json_error);
  if (document == NULL)
    return set_invalid (error, "(document)", _("not valid JSON (%s)"), json_error->message);
  if (!check_object (document, document_members, "(document)", &root, error))
    return FALSE;

  version = json_object_get_int_member (root, "version");
  if (version != DATA_FORMAT_VERSION)
    return set_invalid (error, "version",
                        _("format version %lld is not supported "
                          "(this program reads version %d); update the program"),
                        (long long) version, DATA_FORMAT_VERSION);

  /* When the data was compiled: what decides whether it is newer than an
   * edit made on the desk (mc-calendar-edits.c). */
  g_date_clear (out_updated, 1);
  if (json_object_has_member (root, "updated"))
    {
      guint32 julian = mc_calendar_parse_iso_date (json_object_get_string_member (root, "updated"));

      if (julian != 0)
        g_date_set_julian (out_updated, julian);
    }

  years = json_object_get_object_member (root, "years");
  keys = json_object_get_members (years);
  for (GList *l = keys; l != NULL; l = l->next)
    if (!parse_year (l->data, json_object_get_member (years, l->data), table, error))
      return FALSE;
  return TRUE;
}
