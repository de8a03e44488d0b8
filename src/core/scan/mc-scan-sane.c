/* mc-scan-sane.c — the SANE calls, made on the scanner's worker thread only
 *
 * Backends are not thread-safe and may block for seconds (network
 * scanners, a feeder waiting for paper): McScanner runs all of this on its
 * one worker thread, never on the main loop.
 */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mc-scan-private.h"

#define A4_WIDTH_MM  210.0
#define A4_HEIGHT_MM 297.0

void
mc_scan_device_free (McScanDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->type);
  g_free (device);
}

static gboolean
set_error_for_status (SANE_Status   status,
                      const char   *device,
                      GError      **error)
{
  switch (status)
    {
    case SANE_STATUS_GOOD:
    case SANE_STATUS_EOF:
      return TRUE;
    case SANE_STATUS_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The scan was cancelled"));
      break;
    case SANE_STATUS_DEVICE_BUSY:
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_BUSY,
                           _("The scanner is busy: another program or computer may be using it. "
                             "Wait until it has finished, then scan again."));
      break;
    case SANE_STATUS_JAMMED:
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_JAMMED,
                           _("The scanner reports a paper jam: open it, remove the paper and scan again."));
      break;
    case SANE_STATUS_COVER_OPEN:
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_COVER_OPEN,
                           _("The scanner's cover is open: close it and scan again."));
      break;
    case SANE_STATUS_NO_DOCS:
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_NO_DOCUMENTS,
                           _("There is no paper in the scanner: put the pages in the feeder (or on the glass) and scan again."));
      break;
    case SANE_STATUS_INVAL:
    case SANE_STATUS_UNSUPPORTED:
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID,
                   _("The scanner “%s” does not accept these settings: choose another source, mode or resolution."),
                   device);
      break;
    case SANE_STATUS_ACCESS_DENIED:
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("This computer is not allowed to use the scanner “%s”: ask the administrator to give access to it."),
                   device);
      break;
    default:
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("The scanner stopped responding (%s): check its cable and power, then scan again."),
                   sane_strstatus (status));
      break;
    }
  return FALSE;
}

static gpointer
exit_thread (gpointer data)
{
  g_thread_exit (NULL);
  return NULL;
}

gboolean
mc_sane_init (GError **error)
{
  SANE_Int version = 0;
  SANE_Status status;

  /* glibc loads libgcc_s (the unwinder) the first time a thread is
   * cancelled or exits with pthread_exit(). Backends that end their reader
   * thread with pthread_cancel() (sanei_thread, e.g. the test backend)
   * could then deadlock the next pthread_create() on the loader lock — seen
   * in 1 run of 5 at the second page of a feeder batch. Load it now, once. */
  g_thread_join (g_thread_new ("motcua-unwind", exit_thread, NULL));

  status = sane_init (&version, NULL);

  g_debug ("sane_init: %s, SANE %d.%d.%d", sane_strstatus (status),
           SANE_VERSION_MAJOR (version), SANE_VERSION_MINOR (version), SANE_VERSION_BUILD (version));
  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_NO_DEVICE,
                   _("Scanning is not available on this computer (%s): check that SANE is installed."),
                   sane_strstatus (status));
      return FALSE;
    }
  return TRUE;
}

void
mc_sane_exit (void)
{
  sane_exit ();
}

/* ---- Options ------------------------------------------------------------ */

static SANE_Int
find_option (SANE_Handle                    h,
             const char                    *name,
             const SANE_Option_Descriptor **out)
{
  SANE_Int count = 0;

  if (sane_control_option (h, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD)
    return -1;
  for (SANE_Int i = 1; i < count; i++)
    {
      const SANE_Option_Descriptor *d = sane_get_option_descriptor (h, i);

      if (d != NULL && d->name != NULL && g_str_equal (d->name, name) &&
          SANE_OPTION_IS_ACTIVE (d->cap) && SANE_OPTION_IS_SETTABLE (d->cap))
        {
          *out = d;
          return i;
        }
    }
  return -1;
}

static gboolean
contains_any (const char         *value,
              const char * const *words)
{
  g_autofree char *lower = g_ascii_strdown (value, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static const char * const feeder_words[] = { "adf", "feeder", "automatic document", NULL };
static const char * const duplex_words[] = { "duplex", NULL };
static const char * const not_front_words[] = { "duplex", "back", "rear", NULL };
static const char * const flatbed_words[] = { "flatbed", "platen", "glass", NULL };
static const char * const grey_words[] = { "gray", "grey", NULL };
static const char * const color_words[] = { "color", "colour", NULL };

/* The value of a string-list option matching @want and not @unwanted. */
static const char *
pick_value (const SANE_Option_Descriptor *d,
            const char * const           *want,
            const char * const           *unwanted)
{
  if (d->type != SANE_TYPE_STRING || d->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;
  for (const SANE_String_Const *v = d->constraint.string_list; *v != NULL; v++)
    if (contains_any (*v, want) && (unwanted == NULL || !contains_any (*v, unwanted)))
      return *v;
  return NULL;
}

static SANE_Status
set_string (SANE_Handle                   h,
            SANE_Int                      index,
            const SANE_Option_Descriptor *d,
            const char                   *value)
{
  g_autofree char *buf = g_malloc0 (MAX ((gsize) d->size, strlen (value) + 1));

  strcpy (buf, value);
  return sane_control_option (h, index, SANE_ACTION_SET_VALUE, buf, NULL);
}

/* Some backends choose both sides with a boolean option of its own, not
 * with a "source" value (names vary: "duplex", "adf-duplex"…). */
static const char * const duplex_option_names[] = { "duplex", "adf-duplex", "adf_duplex", "duplex-mode", NULL };

static SANE_Int
find_duplex_option (SANE_Handle                    h,
                    const SANE_Option_Descriptor **out)
{
  for (guint i = 0; duplex_option_names[i] != NULL; i++)
    {
      SANE_Int index = find_option (h, duplex_option_names[i], out);

      if (index >= 0 && (*out)->type == SANE_TYPE_BOOL)
        return index;
    }
  return -1;
}

/* Sets the duplex switch if there is one; TRUE if it is there and took. */
static gboolean
set_duplex_option (SANE_Handle h,
                   gboolean    duplex)
{
  const SANE_Option_Descriptor *d = NULL;
  SANE_Int index = find_duplex_option (h, &d);
  SANE_Bool value = duplex ? SANE_TRUE : SANE_FALSE;

  if (index < 0)
    return FALSE;
  g_debug ("duplex option %s: %d", d->name, duplex);
  return sane_control_option (h, index, SANE_ACTION_SET_VALUE, &value, NULL) == SANE_STATUS_GOOD;
}

static gboolean
set_source (SANE_Handle    h,
            const char    *device,
            McScanSource   source,
            GError       **error)
{
  const SANE_Option_Descriptor *d = NULL, *dd = NULL;
  SANE_Int index = find_option (h, SANE_NAME_SCAN_SOURCE, &d);
  const char *value = NULL;

  if (index >= 0)
    {
      if (source == MC_SCAN_SOURCE_FLATBED)
        value = pick_value (d, flatbed_words, NULL);
      else if (source == MC_SCAN_SOURCE_ADF)
        value = pick_value (d, feeder_words, not_front_words);
      else
        value = pick_value (d, duplex_words, NULL);
      /* No "ADF Duplex" source: the feeder, with the duplex switch on. */
      if (value == NULL && source == MC_SCAN_SOURCE_ADF_DUPLEX && find_duplex_option (h, &dd) >= 0)
        value = pick_value (d, feeder_words, not_front_words);
    }

  if (value == NULL)
    {
      /* A flatbed-only scanner often has no "source" option at all. */
      if (source == MC_SCAN_SOURCE_FLATBED)
        return TRUE;
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID,
                   source == MC_SCAN_SOURCE_ADF
                   ? _("The scanner “%s” has no document feeder: put the page on the glass and choose “Flatbed”.")
                   : _("The scanner “%s” cannot scan both sides: choose the document feeder without duplex."),
                   device);
      return FALSE;
    }
  g_debug ("source: %s", value);
  if (!set_error_for_status (set_string (h, index, d, value), device, error))
    return FALSE;
  /* Setting the source may change which options are active: the duplex
   * switch is looked up after it, and always set (off for one side). */
  if (!set_duplex_option (h, source == MC_SCAN_SOURCE_ADF_DUPLEX) && source == MC_SCAN_SOURCE_ADF_DUPLEX &&
      !contains_any (value, duplex_words))
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID,
                   _("The scanner “%s” cannot scan both sides: choose the document feeder without duplex."), device);
      return FALSE;
    }
  return TRUE;
}

static void
set_mode (SANE_Handle h,
          gboolean    color)
{
  const SANE_Option_Descriptor *d = NULL;
  SANE_Int index = find_option (h, SANE_NAME_SCAN_MODE, &d);
  const char *value;

  if (index < 0)
    return;
  value = pick_value (d, color ? color_words : grey_words, NULL);
  /* Whatever frames come are converted; a missing mode is not fatal. */
  if (value != NULL)
    set_string (h, index, d, value);
}

static SANE_Word
to_word (const SANE_Option_Descriptor *d,
         double                        v)
{
  return d->type == SANE_TYPE_FIXED ? SANE_FIX (v) : (SANE_Word) (v + 0.5);
}

static double
from_word (const SANE_Option_Descriptor *d,
           SANE_Word                     w)
{
  return d->type == SANE_TYPE_FIXED ? SANE_UNFIX (w) : (double) w;
}

/* The nearest value the option allows. */
static SANE_Word
constrain (const SANE_Option_Descriptor *d,
           double                        v)
{
  if (d->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      const SANE_Range *r = d->constraint.range;
      double lo = from_word (d, r->min), hi = from_word (d, r->max);

      return to_word (d, CLAMP (v, lo, hi));
    }
  if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST)
    {
      const SANE_Word *list = d->constraint.word_list;
      SANE_Word best = list[0] > 0 ? list[1] : to_word (d, v);

      for (SANE_Word i = 1; i <= list[0]; i++)
        if (ABS (from_word (d, list[i]) - v) < ABS (from_word (d, best) - v))
          best = list[i];
      return best;
    }
  return to_word (d, v);
}

static double
set_number (SANE_Handle  h,
            const char  *name,
            double       v)
{
  const SANE_Option_Descriptor *d = NULL;
  SANE_Int index = find_option (h, name, &d);
  SANE_Word w;

  if (index < 0 || (d->type != SANE_TYPE_INT && d->type != SANE_TYPE_FIXED) || d->size != sizeof (SANE_Word))
    return -1;
  w = constrain (d, v);
  if (sane_control_option (h, index, SANE_ACTION_SET_VALUE, &w, NULL) != SANE_STATUS_GOOD)
    return -1;
  if (sane_control_option (h, index, SANE_ACTION_GET_VALUE, &w, NULL) != SANE_STATUS_GOOD)
    return -1;
  return from_word (d, w);
}

/* The whole A4 page (or as much as the device has), in the option's unit. */
static void
set_geometry (SANE_Handle h,
              int         dpi)
{
  static const struct { const char *name; double mm; } areas[] = {
    { SANE_NAME_SCAN_TL_X, 0 }, { SANE_NAME_SCAN_TL_Y, 0 },
    { SANE_NAME_SCAN_BR_X, A4_WIDTH_MM }, { SANE_NAME_SCAN_BR_Y, A4_HEIGHT_MM },
    { "page-width", A4_WIDTH_MM }, { "page-height", A4_HEIGHT_MM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      const SANE_Option_Descriptor *d = NULL;

      if (find_option (h, areas[i].name, &d) < 0)
        continue;
      set_number (h, areas[i].name, d->unit == SANE_UNIT_PIXEL ? areas[i].mm * dpi / 25.4 : areas[i].mm);
    }
}

/* ---- Devices ------------------------------------------------------------ */

static void
probe_sources (McScanDevice *dev)
{
  SANE_Handle h = NULL;
  const SANE_Option_Descriptor *d = NULL;

  if (sane_open (dev->name, &h) != SANE_STATUS_GOOD)
    return;  /* busy or gone: listed without feeder details */
  if (find_option (h, SANE_NAME_SCAN_SOURCE, &d) >= 0)
    {
      dev->has_adf = pick_value (d, feeder_words, NULL) != NULL;
      dev->has_duplex = pick_value (d, duplex_words, NULL) != NULL;
      /* Or a duplex switch, active once the feeder is the source. */
      if (dev->has_adf && !dev->has_duplex)
        {
          const char *feeder = pick_value (d, feeder_words, not_front_words);
          const SANE_Option_Descriptor *dd = NULL;
          SANE_Int index = find_option (h, SANE_NAME_SCAN_SOURCE, &d);

          if (feeder != NULL && index >= 0)
            set_string (h, index, d, feeder);
          dev->has_duplex = find_duplex_option (h, &dd) >= 0;
        }
    }
  sane_close (h);
}

GPtrArray *
mc_sane_list_devices (GError **error)
{
  const SANE_Device **list = NULL;
  SANE_Status status = sane_get_devices (&list, SANE_FALSE);
  GPtrArray *devices;

  if (status != SANE_STATUS_GOOD)
    {
      set_error_for_status (status, "", error);
      return NULL;
    }
  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scan_device_free);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      McScanDevice *dev = g_new0 (McScanDevice, 1);

      dev->name = g_strdup (list[i]->name);
      dev->vendor = g_strdup (list[i]->vendor);
      dev->model = g_strdup (list[i]->model);
      dev->type = g_strdup (list[i]->type);
      probe_sources (dev);
      g_ptr_array_add (devices, dev);
    }
  g_debug ("%u device(s)", devices->len);
  return devices;
}

/* ---- Reading pages ------------------------------------------------------ */

typedef struct
{
  int     width;
  int     height;
  int     channels;
  guint8 *pixels;   /* packed 8-bit rows */
} Image;

/* One sample of a raw line as 8 bits. */
static inline guint8
sample_at (const guint8 *line,
           int           depth,
           int           i,
           gboolean      gray)
{
  if (depth == 8)
    return line[i];
  if (depth == 16)
    return (guint8) (((const guint16 *) (gconstpointer) line)[i] >> 8);
  /* 1 bit: for grey (line art) a set bit is black, for colour full intensity. */
  {
    gboolean set = (line[i / 8] >> (7 - i % 8)) & 1;
    return gray ? (set ? 0 : 255) : (set ? 255 : 0);
  }
}

static void
store_frame (Image                 *img,
             const SANE_Parameters *p,
             const guint8          *raw,
             int                    lines)
{
  int per_pixel = p->format == SANE_FRAME_RGB ? 3 : 1;
  int offset = p->format == SANE_FRAME_GREEN ? 1 : p->format == SANE_FRAME_BLUE ? 2 : 0;

  for (int y = 0; y < MIN (lines, img->height); y++)
    {
      const guint8 *line = raw + (gsize) y * p->bytes_per_line;
      guint8 *out = img->pixels + (gsize) y * img->width * img->channels;

      for (int x = 0; x < img->width; x++)
        for (int c = 0; c < per_pixel; c++)
          out[x * img->channels + offset + c] =
            sample_at (line, p->depth, x * per_pixel + c, p->format == SANE_FRAME_GRAY);
    }
}

typedef struct
{
  SANE_Handle       h;
  const McScanJob  *job;
  const McScanSink *sink;
  double            last_progress;
} Session;

/* Backends built on sanei_thread (the test backend, several USB ones)
 * read in a thread that sane_cancel() ends with an *asynchronous*
 * pthread_cancel(): caught inside malloc() it leaves the allocator locked
 * and the process hangs. Just after sane_start() that thread is still
 * allocating; give it a moment to reach its blocking write first. */
static void
cancel_mid_frame (SANE_Handle h)
{
  g_usleep (50 * 1000);
  sane_cancel (h);
}

static gboolean
read_frame (Session          *s,
            SANE_Parameters  *p,
            GByteArray       *raw,
            GError          **error)
{
  guint8 buf[64 * 1024];
  gint64 expected = p->lines > 0 ? (gint64) p->lines * p->bytes_per_line : -1;

  for (;;)
    {
      SANE_Int len = 0;
      SANE_Status status;

      if (g_cancellable_is_cancelled (s->sink->cancellable))
        {
          cancel_mid_frame (s->h);
          return set_error_for_status (SANE_STATUS_CANCELLED, s->job->device, error);
        }
      status = sane_read (s->h, buf, sizeof buf, &len);
      if (status == SANE_STATUS_EOF)
        return TRUE;
      if (status != SANE_STATUS_GOOD)
        {
          cancel_mid_frame (s->h);
          return set_error_for_status (status, s->job->device, error);
        }
      g_byte_array_append (raw, buf, len);

      if (expected > 0 && s->sink->progress != NULL)
        {
          double f = MIN (1.0, (double) raw->len / expected);

          if (f - s->last_progress >= 0.01 || f >= 1.0)
            {
              s->last_progress = f;
              s->sink->progress (f, s->sink->data);
            }
        }
    }
}

static McPage *
read_page (Session  *s,
           int       dpi,
           GError  **error)
{
  Image img = { 0 };
  SANE_Parameters p;
  gboolean last = FALSE;

  for (int frame = 0; !last; frame++)
    {
      g_autoptr(GByteArray) raw = g_byte_array_new ();
      SANE_Status status;
      int lines;

      if (frame > 0 && !set_error_for_status (sane_start (s->h), s->job->device, error))
        goto fail;
      status = sane_get_parameters (s->h, &p);
      if (!set_error_for_status (status, s->job->device, error))
        goto fail;
      if (p.pixels_per_line <= 0 || p.bytes_per_line <= 0 ||
          (p.depth != 1 && p.depth != 8 && p.depth != 16) || frame > 2)
        {
          set_error_for_status (SANE_STATUS_INVAL, s->job->device, error);
          goto fail;
        }
      s->last_progress = 0;
      if (!read_frame (s, &p, raw, error))
        goto fail;

      lines = (int) (raw->len / p.bytes_per_line);  /* hand scanners say -1 */
      if (img.pixels == NULL)
        {
          img.width = p.pixels_per_line;
          img.height = lines;
          img.channels = p.format == SANE_FRAME_GRAY ? 1 : 3;
          if (img.height <= 0)
            {
              set_error_for_status (SANE_STATUS_IO_ERROR, s->job->device, error);
              goto fail;
            }
          img.pixels = g_malloc0 ((gsize) img.width * img.height * img.channels);
        }
      store_frame (&img, &p, raw->data, lines);
      last = p.last_frame;
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (img.pixels, (gsize) img.width * img.height * img.channels);
    return mc_page_new (img.width, img.height, dpi,
                        img.channels == 3 ? MC_PAGE_FORMAT_RGB : MC_PAGE_FORMAT_GREY, bytes);
  }

fail:
  g_free (img.pixels);
  return NULL;
}

/* The first page-NNNN.png number not used in @dir (a resumed session goes on). */
static guint
first_free_index (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint next = 1;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint n;

      if (sscanf (name, "page-%u.png", &n) == 1 && n >= next)
        next = n + 1;
    }
  return next;
}

static gboolean
configure (Session  *s,
           int      *dpi,
           GError  **error)
{
  double got;

  if (!set_source (s->h, s->job->device, s->job->source, error))
    return FALSE;
  set_mode (s->h, s->job->color);
  set_number (s->h, SANE_NAME_BIT_DEPTH, 8);
  got = set_number (s->h, SANE_NAME_SCAN_RESOLUTION, s->job->resolution);
  *dpi = got > 0 ? (int) (got + 0.5) : s->job->resolution;
  set_geometry (s->h, *dpi);
  return TRUE;
}

GPtrArray *
mc_sane_scan (const McScanJob  *job,
              const McScanSink *sink,
              GError          **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  Session s = { NULL, job, sink, 0 };
  gboolean feeder = job->source != MC_SCAN_SOURCE_FLATBED;
  guint index = 1;
  SANE_Status status;
  int dpi = job->resolution;

  status = sane_open (job->device, &s.h);
  if (status == SANE_STATUS_INVAL)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_NO_DEVICE,
                   _("The scanner “%s” was not found: check that it is switched on and connected, then scan again."),
                   job->device);
      return g_steal_pointer (&pages);
    }
  if (!set_error_for_status (status, job->device, error))
    return g_steal_pointer (&pages);

  if (job->autosave_dir != NULL)
    {
      if (g_mkdir_with_parents (job->autosave_dir, 0700) != 0)
        {
          g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                       _("Could not create the folder for scanned pages “%s”: %s"),
                       job->autosave_dir, g_strerror (errno));
          goto out;
        }
      index = first_free_index (job->autosave_dir);
    }
  if (!configure (&s, &dpi, error))
    goto out;

  while (job->max_pages == 0 || pages->len < job->max_pages)
    {
      g_autoptr(McPage) page = NULL;

      if (g_cancellable_is_cancelled (sink->cancellable))
        {
          set_error_for_status (SANE_STATUS_CANCELLED, job->device, error);
          break;
        }
      status = sane_start (s.h);
      /* An empty feeder after the first page is the end of the batch. */
      if (status == SANE_STATUS_NO_DOCS && feeder && pages->len > 0)
        break;
      if (!set_error_for_status (status, job->device, error))
        break;
      page = read_page (&s, dpi, error);
      if (page == NULL)
        break;
      if (job->autosave_dir != NULL)
        {
          g_autofree char *name = g_strdup_printf ("page-%04u.png", index++);
          g_autofree char *path = g_build_filename (job->autosave_dir, name, NULL);

          if (!mc_page_save (page, path, error))
            break;
        }
      g_ptr_array_add (pages, g_object_ref (page));
      if (sink->page_done != NULL)
        sink->page_done (page, sink->data);
      if (!feeder)
        break;
    }

out:
  sane_cancel (s.h);
  sane_close (s.h);
  return g_steal_pointer (&pages);
}
