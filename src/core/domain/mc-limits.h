/* mc-limits.h — the one table of limits shared by the desk and the server
 *
 * The desk refuses at intake what the server would refuse later, so a
 * dossier taken in is never stuck in the outbox for its size. Each JSON
 * input has its own size cap; every one is read by mc_json_parse (), which
 * also bounds the nesting depth.
 */
#pragma once

/* JSON nesting (objects and arrays); the deepest real document has 4. */
#define MC_LIMIT_JSON_DEPTH          64

/* Size caps per input, in bytes. */
#define MC_LIMIT_BODY_SIZE           (1024 * 1024)        /* a dossier or action PUT body */
#define MC_LIMIT_INTAKE_JSON_SIZE    (1024 * 1024)        /* motcua intake --json, a draft */
#define MC_LIMIT_CATALOG_SIZE        (16 * 1024 * 1024)   /* a procedure catalog */
#define MC_LIMIT_HOLIDAYS_SIZE       (4 * 1024 * 1024)    /* the official holiday data */
#define MC_LIMIT_ANSWER_SIZE         (16 * 1024 * 1024)   /* any JSON answer from a server */
#define MC_LIMIT_CONFIG_SIZE         (1024 * 1024)        /* a small local JSON/TOML-like file */

/* Room in MC_LIMIT_BODY_SIZE for what the upload adds to the dossier the
 * desk saved (revision, national code, field, received_by, printed date). */
#define MC_LIMIT_BODY_MARGIN         (16 * 1024)

/* Fields of a dossier (characters unless said). */
#define MC_LIMIT_ADDRESS_CHARS       300
#define MC_LIMIT_PAPER_NAME_CHARS    300
#define MC_LIMIT_NOTES_CHARS         2000
#define MC_LIMIT_REASON_CHARS        1000
#define MC_LIMIT_CODE_CHARS          64
#define MC_LIMIT_PAPERS              200
#define MC_LIMIT_COPIES              99
#define MC_LIMIT_SETS                99
#define MC_LIMIT_ATTACHMENTS         50                   /* no file twice */
#define MC_LIMIT_ATTACHMENT_NAME_BYTES 255
#define MC_LIMIT_ATTACHMENT_SIZE     (200 * 1024 * 1024)

/* Fees (lệ phí, phí) collected with a dossier. A commune fee is a few
 * thousand to a few hundred thousand đồng: a billion is a typing slip, and
 * the caps keep every sum far inside ±2^53 (canonical JSON integers). */
#define MC_LIMIT_FEES                20
#define MC_LIMIT_FEE_NAME_CHARS      200
#define MC_LIMIT_FEE_AMOUNT          1000000000LL /* đồng, one fee */
#define MC_LIMIT_FEES_TOTAL          10000000000LL /* đồng, a dossier */
