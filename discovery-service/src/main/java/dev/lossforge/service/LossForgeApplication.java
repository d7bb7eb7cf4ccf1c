package dev.lossforge.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LossForgeApplication {
    public static void main(String[] args) {
        SpringApplication.run(LossForgeApplication.class, args);
    }
}
