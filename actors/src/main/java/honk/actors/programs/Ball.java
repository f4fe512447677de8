package honk.actors.programs;

import akka.actor.typed.ActorRef;

import honk.actors.ProcessMessage;

/** The message ping and pong exchange: a count and the sender's address to reply to. */
public record Ball(long round, ActorRef<ProcessMessage> replyTo) implements ProcessMessage {}
