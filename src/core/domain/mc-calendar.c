/* mc-calendar.c — working days and Vietnamese public holidays
 *
 * Two sources of special days per year: the defaults computed from the
 * Labor Code 2019 art. 112 (see compute_default_year ()), and the official
 * data (docs/holidays-format.md). A year listed in the official data uses
 * only the data's days; the other years use the computed defaults. Both are
 * YearDays tables in one hash table; computed years are added on first use
 * and dropped when new official data arrives.
 *
 * All state sits behind one mutex, so a calendar may be shared with worker
 * threads (due dates are computed while a dossier is saved).
 */
#define G_LOG_DOMAIN "motcua-calendar"

#include "mc-calendar.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-core-resources.h"
#include "mc-lunar.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#define HOLIDAYS_RESOURCE "/io/github/motcua/Desk/core/holidays.json"
#define DATA_FORMAT_VERSION 1
#define LUNAR_MIN_YEAR 1900  /* the years mc-lunar.c covers */
#define LUNAR_MAX_YEAR 2199

typedef struct
{
  int         year;
  char       *source;     /* NULL for computed years, non-NULL for official ones */
  gboolean    verified;
  GPtrArray  *days;       /* McCalendarDay, sorted by date */
  GHashTable *by_julian;  /* GUINT_TO_POINTER (julian) → McCalendarDay (borrowed) */
} YearDays;

struct _McCalendar
{
  GObject     parent_instance;

  GMutex      lock;
  /* GINT_TO_POINTER (year) → YearDays: the official years, and computed
   * years added on first use. */
  GHashTable *years;
};

G_DEFINE_FINAL_TYPE (McCalendar, mc_calendar, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (mc-calendar-error-quark, mc_calendar_error)

static const char *const day_kind_names[] = {
  [MC_DAY_KIND_HOLIDAY] = "holiday",
  [MC_DAY_KIND_DAY_OFF] = "day_off",
  [MC_DAY_KIND_COMPENSATORY] = "compensatory",
  [MC_DAY_KIND_MAKEUP_WORKDAY] = "makeup_workday",
};

static McCalendarDay *
day_new (guint32     julian,
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

static int
day_compare (gconstpointer a,
             gconstpointer b)
{
  const McCalendarDay *da = *(McCalendarDay * const *) a;
  const McCalendarDay *db = *(McCalendarDay * const *) b;

  return g_date_compare (&da->date, &db->date);
}

static YearDays *
year_days_new (int year)
{
  YearDays *yd = g_new0 (YearDays, 1);

  yd->year = year;
  yd->days = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_calendar_day_free);
  yd->by_julian = g_hash_table_new (NULL, NULL);
  return yd;
}

static void
year_days_free (YearDays *yd)
{
  g_clear_pointer (&yd->by_julian, g_hash_table_unref);
  g_clear_pointer (&yd->days, g_ptr_array_unref);
  g_clear_pointer (&yd->source, g_free);
  g_free (yd);
}

static GHashTable *
year_table_new (void)
{
  return g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) year_days_free);
}

static gboolean
is_weekend_julian (guint32 julian)
{
  /* GDate day 1 (0001-01-01) is a Monday. */
  return (julian - 1) % 7 >= 5;
}

static guint32
julian_of (int        year,
           GDateMonth month,
           int        day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/* Two holidays on one day (10/3 lunar can fall on 30/4 or 1/5) make one
 * day off: the law gives no extra day for the coincidence. */
static void
add_default (YearDays   *yd,
             guint32     julian,
             McDayKind   kind,
             const char *name)
{
  McCalendarDay *day = g_hash_table_lookup (yd->by_julian, GUINT_TO_POINTER (julian));

  if (day != NULL)
    {
      char *joined = g_strconcat (day->name, ", ", name, NULL);

      g_free (day->name);
      day->name = joined;
      return;
    }
  day = day_new (julian, kind, name, FALSE);
  g_ptr_array_add (yd->days, day);
  g_hash_table_insert (yd->by_julian, GUINT_TO_POINTER (julian), day);
}

static void
add_lunar_defaults (YearDays *yd)
{
  McLunarDate tet = { yd->year, 1, 1, FALSE }, hung = { yd->year, 3, 10, FALSE }, eve;
  char name[64];
  GDate date;

  if (mc_lunar_to_solar (&hung, MC_LUNAR_TZ_VIETNAM, &date))
    add_default (yd, g_date_get_julian (&date), MC_DAY_KIND_HOLIDAY,
                 "Giỗ Tổ Hùng Vương (10/3 Âm lịch)");
  if (!mc_lunar_to_solar (&tet, MC_LUNAR_TZ_VIETNAM, &date))
    return;

  for (int i = 0; i < 4; i++)
    {
      g_snprintf (name, sizeof name, "Tết Nguyên đán (mùng %d)", i + 1);
      add_default (yd, g_date_get_julian (&date) + i, MC_DAY_KIND_HOLIDAY, name);
    }
  g_date_subtract_days (&date, 1);
  if (mc_lunar_from_solar (&date, MC_LUNAR_TZ_VIETNAM, &eve))
    {
      g_snprintf (name, sizeof name, "Tết Nguyên đán (%d tháng Chạp)", eve.day);
      add_default (yd, g_date_get_julian (&date), MC_DAY_KIND_HOLIDAY, name);
    }
}

/* One compensatory day per holiday on a Saturday or Sunday: the first
 * weekday after its run of consecutive days off that is not a holiday or
 * already a compensatory day. */
static void
add_compensatory_days (YearDays *yd)
{
  guint n_holidays = yd->days->len;

  g_ptr_array_sort (yd->days, day_compare);
  for (guint i = 0; i < n_holidays; i++)
    {
      McCalendarDay *holiday = g_ptr_array_index (yd->days, i);
      guint32 day = g_date_get_julian (&holiday->date);
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;

      if (!is_weekend_julian (day))
        continue;
      while (g_hash_table_contains (yd->by_julian, GUINT_TO_POINTER (day + 1)))
        day++;
      do
        day++;
      while (is_weekend_julian (day)
             || g_hash_table_contains (yd->by_julian, GUINT_TO_POINTER (day)));

      /* "Tết Nguyên đán (mùng 1)" gives "Nghỉ bù Tết Nguyên đán". */
      base = g_strndup (holiday->name, strcspn (holiday->name, "(,"));
      name = g_strconcat ("Nghỉ bù ", g_strchomp (base), NULL);
      add_default (yd, day, MC_DAY_KIND_COMPENSATORY, name);
    }
}

/* The defaults of @year: the holidays of art. 112 with the default Tết
 * (last day of the lunar year and days 1–4), the 2/9 adjacent day as
 * practised in 2021–2025 (1/9, or 3/9 when 2/9 is a Monday), and the
 * compensatory days. */
static YearDays *
compute_default_year (int year)
{
  YearDays *yd = year_days_new (year);
  guint32 national_day = julian_of (year, G_DATE_SEPTEMBER, 2);
  gboolean monday = (national_day - 1) % 7 == 0;

  add_default (yd, julian_of (year, G_DATE_JANUARY, 1), MC_DAY_KIND_HOLIDAY, "Tết Dương lịch");
  if (year >= LUNAR_MIN_YEAR && year <= LUNAR_MAX_YEAR)
    add_lunar_defaults (yd);
  add_default (yd, julian_of (year, G_DATE_APRIL, 30), MC_DAY_KIND_HOLIDAY, "Ngày Chiến thắng");
  add_default (yd, julian_of (year, G_DATE_MAY, 1), MC_DAY_KIND_HOLIDAY, "Ngày Quốc tế Lao động");
  add_default (yd, national_day, MC_DAY_KIND_HOLIDAY, "Quốc khánh");
  add_default (yd, monday ? national_day + 1 : national_day - 1, MC_DAY_KIND_HOLIDAY,
               "Quốc khánh (ngày liền kề)");

  add_compensatory_days (yd);
  g_ptr_array_sort (yd->days, day_compare);
  return yd;
}

/* The table that applies to @year, owned by @self; @self->lock held. */
static YearDays *
year_days_locked (McCalendar *self,
                  int         year)
{
  YearDays *yd = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));

  if (yd == NULL)
    {
      yd = compute_default_year (year);
      g_hash_table_insert (self->years, GINT_TO_POINTER (year), yd);
    }
  return yd;
}

static gboolean
is_working_julian (McCalendar *self,
                   guint32     julian)
{
  McCalendarDay *day;
  gboolean working;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);

  g_mutex_lock (&self->lock);
  day = g_hash_table_lookup (year_days_locked (self, g_date_get_year (&date))->by_julian,
                             GUINT_TO_POINTER (julian));
  working = day != NULL ? day->kind == MC_DAY_KIND_MAKEUP_WORKDAY : !is_weekend_julian (julian);
  g_mutex_unlock (&self->lock);

  return working;
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

/* The julian day of the strict "YYYY-MM-DD" @text, or 0. */
static guint32
parse_iso_date (const char *text)
{
  const char *digits = "0123456789";

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' || strspn (text, digits) != 4
      || strspn (text + 5, digits) != 2 || strspn (text + 8, digits) != 2
      || !g_date_valid_dmy (atoi (text + 8), atoi (text + 5), atoi (text)))
    return 0;
  return julian_of (atoi (text), atoi (text + 5), atoi (text + 8));
}

static gboolean
parse_day (JsonNode   *node,
           YearDays   *yd,
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

  julian = parse_iso_date (date_text);
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
  if (kind == MC_DAY_KIND_MAKEUP_WORKDAY && !is_weekend_julian (julian))
    return set_invalid (error, path,
                        _("%s is a make-up working day but not a Saturday or Sunday"),
                        date_text);

  day = g_hash_table_lookup (yd->by_julian, GUINT_TO_POINTER (julian));
  if (day != NULL)
    return set_invalid (error, path, _("%s is listed twice (also as “%s”)"),
                        date_text, day->name);

  day = day_new (julian, (McDayKind) kind, json_object_get_string_member (object, "name"), TRUE);
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
  YearDays *yd;
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

  yd = year_days_new (year);
  yd->source = g_strdup (json_object_get_string_member (object, "source"));
  yd->verified = json_object_get_boolean_member (object, "verified");
  g_hash_table_insert (table, GINT_TO_POINTER (year), yd);

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      g_autofree char *day_path = g_strdup_printf ("%s.days[%u]", path, i);

      if (!parse_day (json_array_get_element (days, i), yd, day_path, error))
        return FALSE;
    }
  g_ptr_array_sort (yd->days, day_compare);
  return TRUE;
}

/* Parses and checks the whole document into the empty year table @table. */
static gboolean
parse_document (const char *data,
                gssize      length,
                GHashTable *table,
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

  years = json_object_get_object_member (root, "years");
  keys = json_object_get_members (years);
  for (GList *l = keys; l != NULL; l = l->next)
    if (!parse_year (l->data, json_object_get_member (years, l->data), table, error))
      return FALSE;
  return TRUE;
}

static gboolean
set_out_of_range (GError **error)
{
  g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE,
               _("The working-day calendar covers %d to %d only. Check the date "
                 "received and the processing time."),
               MC_CALENDAR_MIN_YEAR, MC_CALENDAR_MAX_YEAR);
  return FALSE;
}

/* The @n-th working day after @from; for @n = 0, @from itself if it is a
 * working day, else the next working day. Both stay within the public range. */
static gboolean
nth_working_day (McCalendar  *self,
                 const GDate *from,
                 guint        n,
                 GDate       *out,
                 GError     **error)
{
  guint32 last = julian_of (MC_CALENDAR_MAX_YEAR, G_DATE_DECEMBER, 31);
  guint32 day = g_date_get_julian (from);
  guint count = 0;

  if (g_date_get_year (from) < MC_CALENDAR_MIN_YEAR || day > last)
    return set_out_of_range (error);

  while (n == 0 ? !is_working_julian (self, day) : count < n)
    {
      if (day++ == last)
        return set_out_of_range (error);
      if (n > 0 && is_working_julian (self, day))
        count++;
    }

  g_date_clear (out, 1);
  g_date_set_julian (out, day);
  return TRUE;
}

static gboolean
parse_cutoff (const char *cutoff,
              int        *out_minutes)
{
  int hours, minutes;

  if (strlen (cutoff) != 5 || cutoff[2] != ':'
      || strspn (cutoff, "0123456789") != 2 || strspn (cutoff + 3, "0123456789") != 2)
    return FALSE;
  hours = atoi (cutoff);
  minutes = atoi (cutoff + 3);
  *out_minutes = hours * 60 + minutes;
  return hours <= 23 && minutes <= 59;
}

static void
mc_calendar_finalize (GObject *object)
{
  McCalendar *self = (McCalendar *) object;

  g_clear_pointer (&self->years, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_calendar_parent_class)->finalize (object);
}

static void
mc_calendar_class_init (McCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_calendar_finalize;

  /* Emitted after new official data was loaded. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_calendar_init (McCalendar *self)
{
  g_mutex_init (&self->lock);
  self->years = year_table_new ();
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

McCalendar *
mc_calendar_new_defaults (void)
{
  return g_object_new (MC_TYPE_CALENDAR, NULL);
}

McCalendar *
mc_calendar_new (void)
{
  McCalendar *self = mc_calendar_new_defaults ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* Asking the library's own resource (rather than the global registry)
   * also makes the linker keep it in programs linking the static library. */
  bytes = g_resource_lookup_data (mc_core_get_resource (), HOLIDAYS_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL
      || !mc_calendar_load_data (self, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes), &error))
    g_warning ("Bundled holiday data unusable: %s", error->message);
  return self;
}

gboolean
mc_calendar_load_data (McCalendar  *self,
                       const char  *data,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(GHashTable) table = year_table_new ();

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_document (data, length, table, error))
    return FALSE;

  g_debug ("Loaded official holiday data (%u years)", g_hash_table_size (table));
  /* Computed years go too: they are recomputed when next needed. */
  g_mutex_lock (&self->lock);
  g_hash_table_unref (self->years);
  self->years = g_steal_pointer (&table);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

GArray *
mc_calendar_get_official_years (McCalendar *self)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (int));

  g_return_val_if_fail (MC_IS_CALENDAR (self), years);

  /* Official data only holds years of the public range. */
  g_mutex_lock (&self->lock);
  for (int year = MC_CALENDAR_MIN_YEAR; year <= MC_CALENDAR_MAX_YEAR; year++)
    {
      YearDays *yd = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));

      if (yd != NULL && yd->source != NULL)
        g_array_append_val (years, year);
    }
  g_mutex_unlock (&self->lock);

  return years;
}

char *
mc_calendar_get_year_source (McCalendar *self,
                             int         year,
                             gboolean   *out_verified)
{
  YearDays *yd;
  char *source;

  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);

  g_mutex_lock (&self->lock);
  yd = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));
  source = yd != NULL ? g_strdup (yd->source) : NULL;
  if (out_verified != NULL)
    *out_verified = source != NULL && yd->verified;
  g_mutex_unlock (&self->lock);

  return source;
}

gboolean
mc_calendar_is_working_day (McCalendar  *self,
                            const GDate *date)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return is_working_julian (self, g_date_get_julian (date));
}

GPtrArray *
mc_calendar_get_days (McCalendar  *self,
                      int          year,
                      GError     **error)
{
  GPtrArray *days;
  YearDays *yd;

  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (year < MC_CALENDAR_MIN_YEAR || year > MC_CALENDAR_MAX_YEAR)
    {
      set_out_of_range (error);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  yd = year_days_locked (self, year);
  days = g_ptr_array_new_full (yd->days->len, (GDestroyNotify) mc_calendar_day_free);
  for (guint i = 0; i < yd->days->len; i++)
    {
      McCalendarDay *day = g_ptr_array_index (yd->days, i);

      g_ptr_array_add (days, day_new (g_date_get_julian (&day->date), day->kind,
                                      day->name, day->official));
    }
  g_mutex_unlock (&self->lock);

  return days;
}

gboolean
mc_calendar_due_date (McCalendar  *self,
                      const GDate *received,
                      guint        days,
                      GDate       *out_due,
                      GError     **error)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (received != NULL && g_date_valid (received), FALSE);
  g_return_val_if_fail (out_due != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return nth_working_day (self, received, days, out_due, error);
}

gboolean
mc_calendar_due_date_for_time (McCalendar *self,
                               GDateTime  *received_at,
                               guint       days,
                               const char *cutoff,
                               GDate      *out_due,
                               GError    **error)
{
  g_autoptr(GTimeZone) vietnam = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local = NULL;
  int cutoff_minutes = 0;
  gboolean late;
  GDate day, effective;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (received_at != NULL, FALSE);
  g_return_val_if_fail (out_due != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cutoff != NULL && !parse_cutoff (cutoff, &cutoff_minutes))
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA,
                   _("The cut-off time “%s” is not a time of day in the form HH:MM "
                     "(for example 15:00). Correct it in the procedure settings."),
                   cutoff);
      return FALSE;
    }

  local = g_date_time_to_timezone (received_at, vietnam);
  if (local == NULL)  /* beyond year 9999 */
    return set_out_of_range (error);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  /* Received on a working day after the cut-off: it counts as received on
   * the next working day. Received on a day off: counting starts from the
   * next working day anyway, exactly as for mc_calendar_due_date(). */
  late = cutoff != NULL
         && g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) >= cutoff_minutes;
  effective = day;
  if (late && mc_calendar_is_working_day (self, &day)
      && !nth_working_day (self, &day, 1, &effective, error))
    return FALSE;

  return nth_working_day (self, &effective, days, out_due, error);
}
