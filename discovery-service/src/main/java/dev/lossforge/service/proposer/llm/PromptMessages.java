package dev.lossforge.service.proposer.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** LangChain4j messages as plain role and text, for call records. */
final class PromptMessages {

    private PromptMessages() {
    }

    static List<PromptMessage> of(List<ChatMessage> messages) {
        List<PromptMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            if (message instanceof SystemMessage system) {
                out.add(new PromptMessage("system", system.text()));
            } else if (message instanceof UserMessage user) {
                out.add(new PromptMessage("user", user.hasSingleText() ? user.singleText() : user.toString()));
            } else if (message instanceof AiMessage ai) {
                out.add(new PromptMessage("assistant", ai.text()));
            } else {
                out.add(new PromptMessage(message.type().name().toLowerCase(Locale.ROOT), message.toString()));
            }
        }
        return List.copyOf(out);
    }
}
