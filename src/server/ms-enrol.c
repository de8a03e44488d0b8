/* ms-enrol.c — the station identity a desk states at enrolment
 * (docs/sync-protocol.md §4.1)
 *
 * The desk sends `MotCua-Station: <agency code>/<station number>` with
 * GET /api/v1/info. A token issued with a name alone is bound to it on
 * the first such request; from then on the range check of PUT applies
 * (403 code_out_of_range). Another token already holding that identity:
 * 409 station_taken, with nothing about the other token. A token bound
 * to something else: 403 station_mismatch. No header: nothing changes
 * (older desks).
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include <string.h>

#include "mc-core.h"
#include "ms-server.h"

#define STATION_HEADER      "MotCua-Station"
#define STATION_HEADER_MAX  80

/* "000.00.12.H29/3" → agency code and number; FALSE if malformed. */
static gboolean
parse_station_header (const char  *value,
                      char       **agency_out,
                      gint64      *number_out)
{
  const char *slash;
  g_autofree char *agency = NULL;

  if (strlen (value) > STATION_HEADER_MAX)
    return FALSE;
  slash = strrchr (value, '/');
  if (slash == NULL || slash[1] < '1' || slash[1] > '9' || slash[2] != '\0')
    return FALSE;
  agency = g_strndup (value, (gsize) (slash - value));
  if (!mc_codes_validate_agency (agency, NULL))
    return FALSE;
  *agency_out = g_steal_pointer (&agency);
  *number_out = slash[1] - '0';
  return TRUE;
}

static void
reply_taken (SoupServerMessage *msg,
             const char        *agency,
             gint64             number)
{
  g_autofree char *message =
    g_strdup_printf ("Máy trạm số %" G_GINT64_FORMAT " của đơn vị %s đã được một máy khác đăng ký với "
                     "máy chủ; hai máy không được dùng cùng một số máy trạm. Hãy đặt cho máy này một số "
                     "máy trạm khác (Tùy chỉnh → Bàn tiếp nhận), hoặc đề nghị bộ phận quản trị của tỉnh thu hồi "
                     "mã truy cập của máy kia rồi đăng ký lại.", number, agency);

  ms_reply_error_full (msg, SOUP_STATUS_CONFLICT, "station_taken", message, NULL, NULL, NULL);
}

static void
reply_mismatch (SoupServerMessage *msg,
                const MsStation   *bound,
                const char        *agency,
                gint64             number)
{
  g_autofree char *message =
    g_strdup_printf ("Mã truy cập này đã gắn với máy trạm số %" G_GINT64_FORMAT " của đơn vị %s, "
                     "nhưng máy này khai báo là máy trạm số %" G_GINT64_FORMAT " của đơn vị %s. "
                     "Hãy kiểm tra mã đơn vị và số máy trạm đã cài đặt trên máy, hoặc xin tỉnh cấp "
                     "mã truy cập riêng cho máy này.",
                     bound->station_number, bound->agency_code != NULL ? bound->agency_code : "?",
                     number, agency);

  ms_reply_error (msg, SOUP_STATUS_FORBIDDEN, "station_mismatch", message, NULL);
}

gboolean
ms_enrol_bind (MsServer          *server,
               SoupServerMessage *msg,
               MsRequest         *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, STATION_HEADER);
  g_autofree char *agency = NULL;
  g_autoptr(MsStation) bound = NULL;
  g_autoptr(GError) error = NULL;
  gint64 number = 0;

  if (value == NULL)
    return TRUE;
  if (!parse_station_header (value, &agency, &number))
    {
      ms_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                      "Tiêu đề MotCua-Station phải có dạng <mã định danh đơn vị>/<số máy trạm 1–9>.", NULL);
      return FALSE;
    }

  switch (ms_db_bind_station (server->db, req->token_hash, agency, number, &bound, &error))
    {
    case MS_BIND_OK:
      /* /info names what the token is bound to now. */
      ms_station_free (req->station);
      req->station = g_steal_pointer (&bound);
      g_debug ("token %s bound to %s/%" G_GINT64_FORMAT, req->token_id, agency, number);
      return TRUE;
    case MS_BIND_MISMATCH:
      reply_mismatch (msg, bound, agency, number);
      return FALSE;
    case MS_BIND_TAKEN:
      reply_taken (msg, agency, number);
      return FALSE;
    case MS_BIND_FAILED:
    default:
      ms_reply_internal (msg, error);
      return FALSE;
    }
}
