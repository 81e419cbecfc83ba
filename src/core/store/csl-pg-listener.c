#include "config.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "store/csl-pg-listener.h"

#define RETRY_FIRST_MS 250
#define RETRY_MAX_MS   30000

typedef enum
{
  STATE_CONNECTING,  /* PQconnectPoll() in progress */
  STATE_SUBSCRIBING, /* LISTEN sent, its result pending */
  STATE_LISTENING,
  STATE_WAITING,     /* disconnected, a retry timer set */
} State;

struct _CslPgListener
{
  GObject       parent_instance;

  CslWorkspace *workspace;   /* weak: the workspace owns the listener */
  char         *conninfo;
  PGconn       *conn;
  State         state;
  GMainContext *context;
  GSource      *fd_source;
  gpointer      fd_tag;
  int           fd;
  GSource      *retry_source;
  guint         retry_ms;
  char         *error;
  gboolean      connected;
  gboolean      was_connected;
};

enum { PROP_0, PROP_CONNECTED, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (CslPgListener, csl_pg_listener, G_TYPE_OBJECT)

static void start_connecting (CslPgListener *self);

static void
set_connected (CslPgListener *self,
               gboolean       connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONNECTED]);
}

static void
drop_connection (CslPgListener *self)
{
  if (self->fd_source != NULL)
    {
      g_source_destroy (self->fd_source);
      g_clear_pointer (&self->fd_source, g_source_unref);
      self->fd_tag = NULL;
    }
  g_clear_pointer (&self->conn, PQfinish);
}

static gboolean
on_retry (gpointer user_data)
{
  CslPgListener *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_connecting (self);
  return G_SOURCE_REMOVE;
}

/* Lost or refused: say so, and try again later, each wait twice the last. */
static void
fail (CslPgListener *self,
      const char    *reason)
{
  g_free (self->error);
  self->error = g_strdup (reason ? reason : "");
  g_strchomp (self->error);
  drop_connection (self);
  self->state = STATE_WAITING;
  self->retry_ms = self->retry_ms == 0 ? RETRY_FIRST_MS : MIN (self->retry_ms * 2, RETRY_MAX_MS);
  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);
  self->retry_source = g_timeout_source_new (self->retry_ms);
  g_source_set_callback (self->retry_source, on_retry, self, NULL);
  g_source_set_name (self->retry_source, "[csl] pg listener retry");
  g_source_attach (self->retry_source, self->context);
  set_connected (self, FALSE);
}

/* libpq may change sockets while connecting (the next address of a host): follow it. */
static void
watch (CslPgListener *self,
       GIOCondition   condition)
{
  int fd = PQsocket (self->conn);

  condition |= G_IO_ERR | G_IO_HUP;
  if (fd != self->fd)
    {
      g_source_remove_unix_fd (self->fd_source, self->fd_tag);
      self->fd = fd;
      self->fd_tag = g_source_add_unix_fd (self->fd_source, fd, condition);
    }
  else
    g_source_modify_unix_fd (self->fd_source, self->fd_tag, condition);
}

/* {"entity":"filing","id":42,"op":"update"}: views refresh by entity. */
static void
deliver (CslPgListener *self,
         const char    *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *entity = NULL;

  if (json_parser_load_from_data (parser, payload, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    entity = json_object_get_string_member_with_default (json_node_get_object (root), "entity", NULL);
  /* A payload this program does not read still says something changed. */
  if (self->workspace != NULL)
    csl_workspace_emit_changed (self->workspace, entity ? entity : "*");
}

static void
read_input (CslPgListener *self)
{
  PGnotify *notify;
  PGresult *result;
  gboolean subscribed = FALSE;

  if (!PQconsumeInput (self->conn))
    {
      fail (self, PQerrorMessage (self->conn));
      return;
    }
  /* The LISTEN's own result, and nothing else: this connection sends no other query. */
  while (!PQisBusy (self->conn) && (result = PQgetResult (self->conn)) != NULL)
    {
      if (PQresultStatus (result) == PGRES_COMMAND_OK && self->state == STATE_SUBSCRIBING)
        subscribed = TRUE;
      else if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          fail (self, PQresultErrorMessage (result));
          PQclear (result);
          return;
        }
      PQclear (result);
    }
  if (subscribed)
    {
      self->state = STATE_LISTENING;
      self->retry_ms = 0;
      g_clear_pointer (&self->error, g_free);
      set_connected (self, TRUE);
      /* What changed while it was away is not known: every view reloads. */
      if (self->was_connected && self->workspace != NULL)
        csl_workspace_emit_changed (self->workspace, "*");
      self->was_connected = TRUE;
    }
  while (self->conn != NULL && (notify = PQnotifies (self->conn)) != NULL)
    {
      deliver (self, notify->extra);
      PQfreemem (notify);
    }
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_BAD)
    fail (self, PQerrorMessage (self->conn));
}

static void
subscribe (CslPgListener *self)
{
  if (!PQsendQuery (self->conn, "LISTEN " CSL_PG_CHANNEL))
    {
      fail (self, PQerrorMessage (self->conn));
      return;
    }
  self->state = STATE_SUBSCRIBING;
  /* Flush the query; a non-blocking connection may need to wait to write it. */
  if (PQflush (self->conn) == 1)
    watch (self, G_IO_IN | G_IO_OUT);
  else
    watch (self, G_IO_IN);
}

static void
poll_connect (CslPgListener *self)
{
  switch (PQconnectPoll (self->conn))
    {
    case PGRES_POLLING_READING:
      watch (self, G_IO_IN);
      break;
    case PGRES_POLLING_WRITING:
      watch (self, G_IO_OUT);
      break;
    case PGRES_POLLING_OK:
      subscribe (self);
      break;
    case PGRES_POLLING_FAILED:
    case PGRES_POLLING_ACTIVE:
    default:
      fail (self, PQerrorMessage (self->conn));
      break;
    }
}

static gboolean
on_socket (CslPgListener *self,
           GIOCondition   condition)
{
  switch (self->state)
    {
    case STATE_CONNECTING:
      poll_connect (self);
      break;
    case STATE_SUBSCRIBING:
    case STATE_LISTENING:
      if ((condition & G_IO_OUT) && PQflush (self->conn) == 0)
        watch (self, G_IO_IN);
      if (condition & (G_IO_IN | G_IO_ERR | G_IO_HUP))
        read_input (self);
      break;
    case STATE_WAITING:
    default:
      break;
    }
  /* fail() destroys this source itself when the connection goes. */
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GSource        source;
  CslPgListener *listener;
} SocketSource;

/* Woken only when the socket is ready for what libpq waits for. */
static gboolean
socket_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  CslPgListener *self = ((SocketSource *) source)->listener;

  return on_socket (self, g_source_query_unix_fd (source, self->fd_tag));
}

static GSourceFuncs socket_funcs = { NULL, NULL, socket_dispatch, NULL, NULL, NULL };

static void
start_connecting (CslPgListener *self)
{
  int fd;

  drop_connection (self);
  self->state = STATE_CONNECTING;
  self->conn = PQconnectStart (self->conninfo);
  if (self->conn == NULL)
    {
      fail (self, "out of memory");
      return;
    }
  if (PQstatus (self->conn) == CONNECTION_BAD || (fd = PQsocket (self->conn)) < 0)
    {
      fail (self, PQerrorMessage (self->conn));
      return;
    }
  PQsetnonblocking (self->conn, 1);
  /* PQconnectStart() wants the socket writable first. */
  self->fd_source = g_source_new (&socket_funcs, sizeof (SocketSource));
  ((SocketSource *) self->fd_source)->listener = self;
  self->fd = fd;
  self->fd_tag = g_source_add_unix_fd (self->fd_source, fd, G_IO_OUT | G_IO_ERR | G_IO_HUP);
  g_source_set_name (self->fd_source, "[csl] pg listener socket");
  g_source_attach (self->fd_source, self->context);
}

static void
csl_pg_listener_dispose (GObject *object)
{
  CslPgListener *self = CSL_PG_LISTENER (object);

  drop_connection (self);
  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);
  if (self->workspace != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->workspace), (gpointer *) &self->workspace);
  self->workspace = NULL;
  G_OBJECT_CLASS (csl_pg_listener_parent_class)->dispose (object);
}

static void
csl_pg_listener_finalize (GObject *object)
{
  CslPgListener *self = CSL_PG_LISTENER (object);

  g_free (self->conninfo);
  g_free (self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (csl_pg_listener_parent_class)->finalize (object);
}

static void
csl_pg_listener_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, CSL_PG_LISTENER (object)->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
csl_pg_listener_class_init (CslPgListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = csl_pg_listener_dispose;
  object_class->finalize = csl_pg_listener_finalize;
  object_class->get_property = csl_pg_listener_get_property;
  props[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
csl_pg_listener_init (CslPgListener *self)
{
}

CslPgListener *
csl_pg_listener_new (CslWorkspace *workspace,
                     const char   *conninfo)
{
  CslPgListener *self;

  g_return_val_if_fail (CSL_IS_WORKSPACE (workspace), NULL);
  self = g_object_new (CSL_TYPE_PG_LISTENER, NULL);
  self->workspace = workspace;
  g_object_add_weak_pointer (G_OBJECT (workspace), (gpointer *) &self->workspace);
  self->conninfo = g_strdup (conninfo);
  self->context = g_main_context_ref_thread_default ();
  start_connecting (self);
  return self;
}

gboolean
csl_pg_listener_get_connected (CslPgListener *self)
{
  g_return_val_if_fail (CSL_IS_PG_LISTENER (self), FALSE);
  return self->connected;
}

const char *
csl_pg_listener_get_error (CslPgListener *self)
{
  g_return_val_if_fail (CSL_IS_PG_LISTENER (self), NULL);
  return self->connected ? NULL : self->error;
}

guint
csl_pg_listener_get_retry_ms (CslPgListener *self)
{
  g_return_val_if_fail (CSL_IS_PG_LISTENER (self), 0);
  return self->state == STATE_WAITING ? self->retry_ms : 0;
}

void
csl_pg_listener_retry (CslPgListener *self)
{
  g_return_if_fail (CSL_IS_PG_LISTENER (self));
  if (self->state != STATE_WAITING)
    return;
  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);
  start_connecting (self);
}

CslPgListener *
csl_pg_listener_get_for (CslWorkspace *workspace)
{
  return g_object_get_data (G_OBJECT (workspace), "csl-pg-listener");
}

void
csl_pg_listener_attach (CslWorkspace  *workspace,
                        CslPgListener *listener)
{
  g_object_set_data_full (G_OBJECT (workspace), "csl-pg-listener", g_object_ref (listener), g_object_unref);
}
