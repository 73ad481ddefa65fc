/**
 * Everything the app registers with Slack, in one place: the handlers register these, and the
 * manifest test checks that `manifests/slack/manifest.yaml` declares exactly these.
 */
export const slashCommand = '/triage';
export const messageShortcutCallbackId = 'tracehound_triage_message';
export const messageShortcutName = 'Triage this trace';

export const actionIds = {
  feedbackRight: 'tracehound_feedback_right',
  feedbackWrongSpan: 'tracehound_feedback_wrong_span',
  feedbackWrongLayer: 'tracehound_feedback_wrong_layer',
  openTrace: 'tracehound_open_trace',
  rerun: 'tracehound_rerun',
  triageInThread: 'tracehound_triage_in_thread',
} as const;

/** Bot events the handlers listen to. `message.im` is the manifest's name for `message` events in DMs. */
export const botEvents = ['app_mention', 'link_shared', 'message.im'] as const;

/** Bot scopes, each with the code that needs it. */
export const botScopes = {
  'app_mentions:read': 'app_mention events',
  'channels:history': 'conversations.replies for the parent of a thread in a public channel',
  'groups:history': 'conversations.replies for the parent of a thread in a private channel',
  'im:history': 'message.im events (direct messages)',
  'chat:write': 'chat.postMessage, chat.update, chat.postEphemeral',
  commands: '/triage and the message shortcut',
  'files:read': 'downloading attached trace files from url_private_download',
  'links:read': 'link_shared events',
  'links:write': 'chat.unfurl',
} as const;
