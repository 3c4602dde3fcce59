//! The tab's part in its token's group, as a pure state machine: [`Relay::step`] takes what
//! happened (the lock was granted, the stream sent an event, another tab posted a message,
//! the page is leaving) and returns what to do ([`Action`]s), which `group.rs` carries out
//! with the browser. No browser API is touched here, so it is tested natively.
//!
//! Rules: one tab of the group holds the lock and is the leader; it alone opens the stream,
//! after the newest event number the tab knows (its cursor), and posts every event and every
//! change of state. Every tab, leader or not, shows an event only if its number is past its
//! cursor, so a replay after a change of leader shows nothing twice. A follower adopts the
//! leader's cursor, so when it takes the lock it resumes where the leader stopped. Alerts
//! (the stream's named `alert` events) have no number and are not replayed: the leader
//! shows and posts each as it comes, a follower shows each it is posted.

use super::message::Message;
use crate::api::alerts::AlertNotice;
use crate::api::events::OrderEvent;
use crate::events::status::LiveStatus;

/// What happened to this tab.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The group's lock was granted: this tab leads from now on.
    Granted,
    /// As leader, the newest stored event number was asked for (this tab had seen none):
    /// `Some(seq)` to start after, `None` if the proxy did not say (start from now).
    StartFound(Option<u64>),
    /// The leader's own stream delivered an event.
    StreamEvent(OrderEvent),
    /// The leader's own stream delivered an alert.
    StreamAlert(AlertNotice),
    /// The leader's own stream changed state.
    StreamStatus(LiveStatus),
    /// Another tab of the group posted a message.
    Received(Message),
    /// The tab leaves the group (hidden for the back/forward cache, frozen, signed out).
    Leave,
}

/// What the tab must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show an event (the live list, the toasts): it is new to this tab.
    Show(OrderEvent),
    /// Show an alert (the bell, the toasts, the Alerts page).
    ShowAlert(AlertNotice),
    /// Show this connection state in the header.
    SetStatus(LiveStatus),
    /// Post a message to the other tabs of the group.
    Post(Message),
    /// Ask the proxy for the newest stored event number, then give it as
    /// [`Input::StartFound`].
    FindStart,
    /// Open the stream, resuming after `since` (`None`: from now).
    OpenStream {
        /// The last event number already shown.
        since: Option<u64>,
    },
    /// Close the stream this tab opened.
    CloseStream,
    /// Release the lock, or give up waiting for it.
    ReleaseLock,
}

/// Where the tab stands in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Waiting for the lock; events come from the leader.
    Follower,
    /// Holds the lock; `streaming` once its stream has been opened.
    Leader {
        /// Whether [`Action::OpenStream`] was given.
        streaming: bool,
    },
    /// Left the group: nothing more happens.
    Left,
}

/// One tab's state in its token's group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    role: Role,
    status: LiveStatus,
    cursor: Option<u64>,
}

impl Relay {
    /// A tab joining its group: it follows until granted the lock, and asks the leader (if
    /// there is one) where things stand. Returns the state and the actions to start with.
    pub fn join() -> (Relay, Vec<Action>) {
        let relay = Relay {
            role: Role::Follower,
            status: LiveStatus::Connecting,
            cursor: None,
        };
        let actions = vec![
            Action::SetStatus(LiveStatus::Connecting),
            Action::Post(Message::Hello),
        ];
        (relay, actions)
    }

    /// Where the tab stands.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The newest event number this tab has shown or been told of.
    pub fn cursor(&self) -> Option<u64> {
        self.cursor
    }

    /// The connection state this tab shows.
    pub fn status(&self) -> LiveStatus {
        self.status
    }

    /// Takes in what happened and returns what to do, in order.
    pub fn step(&mut self, input: Input) -> Vec<Action> {
        match (self.role, input) {
            (Role::Left, _) => Vec::new(),
            (_, Input::Leave) => self.leave(),
            (Role::Follower, Input::Granted) => self.lead(),
            (Role::Leader { streaming: false }, Input::StartFound(seq)) => {
                self.cursor = self.cursor.max(seq);
                self.open()
            }
            (Role::Leader { .. }, Input::StreamEvent(event)) => self.relay_event(event),
            (Role::Leader { .. }, Input::StreamAlert(alert)) => vec![
                Action::ShowAlert(alert.clone()),
                Action::Post(Message::Alert { alert }),
            ],
            (_, Input::Received(Message::Alert { alert })) => vec![Action::ShowAlert(alert)],
            (Role::Leader { .. }, Input::StreamStatus(status)) => {
                self.status = status;
                vec![Action::SetStatus(status), self.status_message()]
            }
            (Role::Leader { .. }, Input::Received(Message::Hello)) => vec![self.status_message()],
            // Only a leader posts events; should two ever lead, each still shows them once.
            (_, Input::Received(Message::Event { event })) => {
                self.show(event).into_iter().collect()
            }
            (Role::Follower, Input::Received(Message::Status { status, cursor })) => {
                self.status = status;
                self.cursor = self.cursor.max(cursor);
                vec![Action::SetStatus(status)]
            }
            // A grant, a start or a stream's news that does not fit the role is stale.
            _ => Vec::new(),
        }
    }

    fn lead(&mut self) -> Vec<Action> {
        self.role = Role::Leader { streaming: false };
        self.status = LiveStatus::Connecting;
        let mut actions = vec![
            Action::SetStatus(LiveStatus::Connecting),
            self.status_message(),
        ];
        if self.cursor.is_some() {
            actions.extend(self.open());
        } else {
            actions.push(Action::FindStart);
        }
        actions
    }

    fn open(&mut self) -> Vec<Action> {
        self.role = Role::Leader { streaming: true };
        vec![Action::OpenStream { since: self.cursor }]
    }

    fn relay_event(&mut self, event: OrderEvent) -> Vec<Action> {
        let post = Action::Post(Message::Event {
            event: event.clone(),
        });
        match self.show(event) {
            Some(show) => vec![show, post],
            None => Vec::new(),
        }
    }

    /// Shows `event` unless its number is not past the cursor (already shown here).
    fn show(&mut self, event: OrderEvent) -> Option<Action> {
        if self.cursor.is_some_and(|seen| event.seq <= seen) {
            return None;
        }
        self.cursor = Some(event.seq);
        Some(Action::Show(event))
    }

    fn leave(&mut self) -> Vec<Action> {
        let was = self.role;
        self.role = Role::Left;
        self.status = LiveStatus::Offline;
        let mut actions = Vec::new();
        if let Role::Leader { streaming } = was {
            if streaming {
                actions.push(Action::CloseStream);
            }
            // The others show a handover, not a stale "Live", until the next leader speaks.
            actions.push(Action::Post(Message::Status {
                status: LiveStatus::Connecting,
                cursor: self.cursor,
            }));
        }
        actions.push(Action::ReleaseLock);
        actions.push(Action::SetStatus(LiveStatus::Offline));
        actions
    }

    fn status_message(&self) -> Action {
        Action::Post(Message::Status {
            status: self.status,
            cursor: self.cursor,
        })
    }
}
